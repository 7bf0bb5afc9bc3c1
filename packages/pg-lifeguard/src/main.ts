// `pg-lifeguard …` runs this (through bin/pg-lifeguard.js); the work is in cli.ts.
import { main } from './cli.ts';

process.exitCode = await main(process.argv.slice(2), process.env);
