import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR, readMigrations } from '@/lib/store/migrate';
import { diffDatabaseToSchema } from '../../scripts/support/schema-engine';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

/**
 * prisma/schema.prisma (what the generated client believes) and prisma/migrations (what
 * lib/store/migrate.ts actually creates) are written separately; nothing else notices when they
 * drift apart. Apply every migration to an empty database, then ask Prisma's own schema engine
 * what SQL would still be needed to reach the schema: the answer must be nothing.
 *
 * When this fails, the assertion prints the engine's SQL: either add it as a new migration
 * (`npm run migration:diff -- --create <name>`) or fix the schema.
 */

const SCHEMA_PATH = path.join(process.cwd(), 'prisma', 'schema.prisma');

let server: TestPostgres;
let url: string;
let firstRun: string[];
let scratchDir: string;

beforeAll(async () => {
  [server, scratchDir] = await Promise.all([startTestPostgres(), mkdtemp(path.join(tmpdir(), 'lifeguard-drift-'))]);
  url = server.url();
  firstRun = await migrate(url);
});

afterAll(async () => {
  await server?.stop();
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
});

describe('migrations vs prisma/schema.prisma', () => {
  it('applies every migration to an empty database', async () => {
    const migrations = await readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(firstRun).toEqual(migrations.map((migration) => migration.name));
  });

  it('leaves nothing for Prisma to change: the migrated database matches the schema', async () => {
    // Empty, not merely "no CREATE TABLE": any ALTER/DROP/CREATE INDEX is drift too. The
    // _prisma_migrations table is not in the schema and must not show up as a DROP either.
    expect(await diffDatabaseToSchema(url, SCHEMA_PATH)).toBe('');
  });

  it('notices drift: a schema with one more field yields SQL adding that column', async () => {
    // Proves the check above is live (a diff that always came back empty would pass it too).
    // A copy, so prisma/schema.prisma itself is never touched.
    const schema = await readFile(SCHEMA_PATH, 'utf8');
    const drifted = schema.replace('  @@map("targets")', '  driftProbe String? @map("drift_probe")\n\n  @@map("targets")');
    expect(drifted).not.toBe(schema);
    const driftedPath = path.join(scratchDir, 'schema.prisma');
    await writeFile(driftedPath, drifted);

    const sql = await diffDatabaseToSchema(url, driftedPath);
    expect(sql).toMatch(/ALTER TABLE "targets" ADD COLUMN\s+"drift_probe" TEXT/);
    expect(sql).not.toContain('_prisma_migrations');
  });
});

describe('the partitioned samples table, as Prisma sees it', () => {
  it('is read as the one table "samples": its partitions are not extra tables, and a change to Sample is drift', async () => {
    // PostgreSQL's partitions (samples_legacy, samples_default, samples_pYYYYMMDD) are tables of
    // their own; the engine describes the partitioned parent only. Were it to list them, the diff
    // above would DROP them; were it to skip the parent, it would CREATE "samples".
    const schema = await readFile(SCHEMA_PATH, 'utf8');
    const drifted = schema.replace('  @@map("samples")', '  driftProbe String? @map("drift_probe")\n\n  @@map("samples")');
    expect(drifted).not.toBe(schema);
    const driftedPath = path.join(scratchDir, 'samples-schema.prisma');
    await writeFile(driftedPath, drifted);

    const sql = await diffDatabaseToSchema(url, driftedPath);
    expect(sql).toMatch(/ALTER TABLE "samples" ADD COLUMN\s+"drift_probe" TEXT/);
    expect(sql).not.toMatch(/samples_(legacy|default|p\d)/);
    expect(sql).not.toMatch(/CREATE TABLE/);
  });
});

describe('lib/store/migrate.ts bookkeeping', () => {
  it('is idempotent: a second run applies nothing', async () => {
    expect(await migrate(url)).toEqual([]);
  });

  it('records each migration in _prisma_migrations as `prisma migrate deploy` would', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{
        migration_name: string;
        checksum: string;
        finished_at: Date | null;
        rolled_back_at: Date | null;
        logs: string | null;
        applied_steps_count: number;
      }>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at, logs, applied_steps_count
         FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      const names = (await readMigrations()).map((migration) => migration.name);
      const expected = await Promise.all(
        names.map(async (name) => ({
          migration_name: name,
          // Hash the file independently of readMigrations(), so a bug there cannot hide here.
          checksum: createHash('sha256').update(await readFile(path.join(MIGRATIONS_DIR, name, 'migration.sql'))).digest('hex'),
          rolled_back_at: null,
          logs: null,
          applied_steps_count: 1,
        })),
      );
      // One row per migration: the second run above must not have added any.
      expect(rows).toEqual(expected.map((row) => ({ ...row, finished_at: expect.any(Date) })));
    } finally {
      await client.end();
    }
  });
});
