#!/usr/bin/env node
// The command-line entry point; the work is in src/cli.ts (built to dist/).
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2), process.env);
