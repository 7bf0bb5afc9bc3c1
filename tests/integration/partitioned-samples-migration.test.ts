import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, dayPartitionName, utcDayStart } from '@/lib/samples/partition-days';
import { ensureSamplePartitions } from '@/lib/samples/partitions';
import { recordSample } from '@/lib/samples/record';
import { latestSnapshot } from '@/lib/samples/snapshot';
import { querySeriesTable } from '@/lib/samples/series';
import { createDb, type Db } from '@/lib/store/db';
import { migrate, MIGRATIONS_DIR, readMigrations } from '@/lib/store/migrate';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

/**
 * The partitioned_samples migration on a store filled by the migrations before it: every sample
 * is still there, unchanged, and the app reads and writes them as before. The old table becomes
 * the partition samples_legacy (before tomorrow); rows already stamped later move to their day's
 * partition or to samples_default.
 */
const PARTITIONED = '20261129153000_partitioned_samples';
const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
const TOMORROW = utcDayStart(new Date()).getTime() + DAY_MS;
const ids = { a: '6f1c0c9e-8a53-4a47-9d55-000000000011', b: '6f1c0c9e-8a53-4a47-9d55-000000000012' };

let server: TestPostgres;
let before: string;
let db: Db;
let client: pg.Client;

/** Every column of every sample, in key order, as one digest: equal only if nothing changed. */
async function fingerprint(): Promise<{ rows: number; digest: string }> {
  const { rows } = await client.query<{ rows: number; digest: string }>(
    `SELECT count(*)::int AS rows, md5(string_agg(s::text, '|' ORDER BY target_id, at)) AS digest FROM samples s`,
  );
  return rows[0]!;
}

beforeAll(async () => {
  [server, before] = await Promise.all([startTestPostgres(), mkdtemp(path.join(tmpdir(), 'lifeguard-migrations-'))]);
  for (const migration of (await readMigrations()).filter((m) => m.name < PARTITIONED)) await cp(path.join(MIGRATIONS_DIR, migration.name), path.join(before, migration.name), { recursive: true });
  await migrate(server.url(), before);
  client = new pg.Client({ connectionString: server.url() });
  await client.connect();
});

afterAll(async () => {
  await db?.$disconnect();
  await client?.end();
  await server?.stop();
  if (before) await rm(before, { recursive: true, force: true });
});

describe('the partitioned_samples migration', () => {
  it('keeps every sample of an existing store, and the app reads and writes them as before', async () => {
    for (const [name, id] of Object.entries(ids)) await client.query(`INSERT INTO targets (id, name, url) VALUES ($1, $2, 'postgres://m@127.0.0.1/x')`, [id, name]);
    // Two days of a sample a minute up to now, with every kind of column filled, then two stamped
    // ahead: one two days after the real today, one a month later (no partition will cover it).
    await client.query(
      `INSERT INTO samples (target_id, at, max_connections, reserved_connections, total, active, idle, commits_per_sec, applications, server_stats, slow_queries, error, error_code)
       SELECT t, to_timestamp(($2::bigint - i * 60000) / 1000.0), 100, 3, i % 90, i % 7, 1, i * 0.5,
              jsonb_build_array(jsonb_build_object('name', 'web', 'clientAddr', '10.0.0.1', 'total', i % 90, 'active', 1, 'idle', 1, 'idleInTransaction', 0)),
              '{"locks": []}'::jsonb, '[]'::jsonb, CASE WHEN i % 50 = 0 THEN 'too many clients' END, CASE WHEN i % 50 = 0 THEN '53300' END
       FROM unnest($1::uuid[]) t, generate_series(0, 2 * 1440 - 1) i`,
      [[ids.a, ids.b], NOW],
    );
    const ahead = [TOMORROW + DAY_MS + 5 * MINUTE, TOMORROW + 30 * DAY_MS];
    for (const at of ahead) await client.query(`INSERT INTO samples (target_id, at, total) VALUES ($1, $2, 1)`, [ids.a, new Date(at)]);
    const old = await fingerprint();
    expect(old.rows).toBe(2 * 2 * 1440 + 2);

    const pending = (await readMigrations()).map((m) => m.name).filter((name) => name >= PARTITIONED);
    expect(pending[0]).toBe(PARTITIONED);
    expect(await migrate(server.url())).toEqual(pending);

    expect(await fingerprint()).toEqual(old);
    const kind = await client.query<{ relkind: string }>(`SELECT relkind::text FROM pg_class WHERE relname = 'samples'`);
    expect(kind.rows[0]?.relkind).toBe('p');
    const placed = await client.query<{ partition: string; n: number }>(`SELECT tableoid::regclass::text AS partition, count(*)::int AS n FROM samples GROUP BY 1 ORDER BY 1`);
    expect(placed.rows).toEqual([
      { partition: 'samples_default', n: 1 },
      { partition: 'samples_legacy', n: 2 * 2 * 1440 },
      { partition: dayPartitionName(new Date(TOMORROW + DAY_MS)), n: 1 },
    ]);

    db = createDb(server.url());
    // Today and the next two days are covered already (today by samples_legacy).
    expect(await ensureSamplePartitions(db)).toEqual([]);
    expect((await latestSnapshot(db, ids.b))?.at).toBe(new Date(NOW).toISOString());
    const series = await querySeriesTable(db, { targetId: ids.b, metrics: ['total'], from: NOW - 60 * MINUTE, to: NOW + MINUTE, points: 61 });
    expect(series.rows).toHaveLength(61);
    expect(series.rows.at(-1)).toEqual([NOW, 0]);

    // The key still takes ON CONFLICT (target_id, at): a retried write is ignored, a new one lands.
    const sample = { targetId: ids.b, at: new Date(NOW), maxConnections: 100, reservedConnections: 3, total: 5, states: null, waiting: 0, oldestXactSeconds: null, probeLatencyMs: 1, connectLatencyMs: 1, commitsPerSec: null, rollbacksPerSec: null, deadlocksPerSec: null, applications: null, error: null, errorCode: null };
    expect(await recordSample(db, sample)).toBe(false);
    expect(await recordSample(db, { ...sample, at: new Date(NOW + 1000) })).toBe(true);
    await expect(client.query(`INSERT INTO samples (target_id, at) VALUES ($1, $2)`, [ids.b, new Date(NOW)])).rejects.toThrow(/duplicate key/);

    // The foreign key still cascades, into every partition.
    await client.query(`DELETE FROM targets WHERE id = $1`, [ids.a]);
    expect((await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM samples WHERE target_id = $1`, [ids.a])).rows[0]?.n).toBe(0);
    await expect(client.query(`INSERT INTO samples (target_id, at) VALUES ($1, now())`, [ids.a])).rejects.toThrow(/foreign key/);
  });
});
