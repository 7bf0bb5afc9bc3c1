#!/usr/bin/env node
// The command-line entry point, built from src/main.ts (npm run build).
import '../dist/main.js';
