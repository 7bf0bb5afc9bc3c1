/**
 * The cost of raw-sample retention: a day of 100 targets' samples expired by dropping its day
 * partition (lib/samples/partitions.ts) against the same day deleted row by row, as every day was
 * before partitioning (5,000-row batches per target through the primary key, then the VACUUM that
 * a delete leaves to do; a drop leaves none).
 *
 * Both go through the real prune (lib/samples/retention.ts, pruneOnce) on one store: the
 * row-wise day sits in samples_default (a heap and its (target_id, at) key, as the unpartitioned
 * table was), the other in its own day partition. A full day at 1 s is 8.64 M rows per copy;
 * BENCH_RETENTION_STEP_SECONDS (default 10, so 864,000 rows) thins the day for this shared
 * machine, and the row-wise time is also given scaled linearly to the full day (deleting and
 * vacuuming grow with rows; the per-target loops every prune runs, and a drop, do not). The rows
 * printed are the rows used.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DAY_MS, utcDayStart } from '../lib/samples/partition-days';
import { dropExpiredSamplePartitions, ensureSamplePartitions, listSamplePartitions } from '../lib/samples/partitions';
import { pruneOnce } from '../lib/samples/retention';
import { createDb } from '../lib/store/db';
import { startLocalPostgres } from '../lib/store/local-postgres';
import { migrate } from '../lib/store/migrate';
import { durations, type Row } from './bench-support';

const TARGETS = 100;
const FULL_DAY_ROWS = TARGETS * 86_400;
const HOLDERS = JSON.stringify([
  { name: 'worksmart-web', clientAddr: '10.0.0.1', total: 16, active: 9, idle: 6, idleInTransaction: 1 },
  { name: 'worksmart-worker', clientAddr: '10.0.0.2', total: 8, active: 2, idle: 6, idleInTransaction: 0 },
]);

export async function benchRetention(): Promise<Row[]> {
  const step = durations.retentionStepSeconds;
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-bench-retention-'));
  const store = await startLocalPostgres({ dir });
  const db = createDb(store.url());
  try {
    await migrate(store.url());
    // Days well in the past: the one before DAY has no partition, so its rows land in samples_default.
    const day = utcDayStart(new Date(Date.now() - 10 * DAY_MS));
    for (const partition of await listSamplePartitions(db)) {
      if (!partition.isDefault) await db.$executeRawUnsafe(`DROP TABLE "${partition.name}"`);
    }
    await ensureSamplePartitions(db, day);
    await db.$executeRaw`INSERT INTO targets (id, name, url) SELECT gen_random_uuid(), 'bench-' || i, 'postgres://u@127.0.0.1/db' FROM generate_series(1, ${TARGETS}) i`;
    const loadStart = performance.now();
    for (const start of [new Date(day.getTime() - DAY_MS), day]) {
      await db.$executeRaw`
        INSERT INTO samples (target_id, at, max_connections, reserved_connections, total, active, idle, probe_latency_ms, applications)
        SELECT t.id, ${start}::timestamptz + s * ${step}::int * interval '1 second', 100, 3, s % 97, s % 13, (s % 97) - (s % 13), 0.4, ${HOLDERS}::jsonb
        FROM targets t, generate_series(0, ${86_400 / step - 1}) s`;
    }
    // Rolled up past both days (one rollup row per target, after them): retention may take them.
    await db.$executeRaw`
      INSERT INTO sample_rollups (target_id, bucket, samples, figures) SELECT id, ${new Date(day.getTime() + DAY_MS)}::timestamptz, 0, '{}'::jsonb FROM targets`;
    await db.$executeRawUnsafe('VACUUM ANALYZE samples');
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const rows = TARGETS * (86_400 / step);
    const retention = { rawRetentionMs: DAY_MS, rollupRetentionMs: 365 * DAY_MS };

    // The day before DAY expires first: row by row from samples_default, then the VACUUM it needs.
    let started = performance.now();
    const deleted = await pruneOnce(db, { ...retention, now: new Date(day.getTime() + DAY_MS) });
    const deleteMs = performance.now() - started;
    started = performance.now();
    await db.$executeRawUnsafe('VACUUM samples_default');
    const vacuumMs = performance.now() - started;
    // Then DAY: one DROP (the partition step of the prune, timed alone), then the rest of that
    // prune (the per-target loops every prune runs, here finding nothing), for the whole.
    started = performance.now();
    const dropped = await dropExpiredSamplePartitions(db, new Date(day.getTime() + DAY_MS), { any: null, byTarget: new Map() });
    const dropMs = performance.now() - started;
    started = performance.now();
    await pruneOnce(db, { ...retention, now: new Date(day.getTime() + 2 * DAY_MS) });
    const restMs = performance.now() - started;
    if (deleted.samples !== rows || dropped.dropped.length !== 1) {
      throw new Error(`expected ${rows} rows deleted and 1 partition dropped, got ${deleted.samples} and ${dropped.dropped.join(', ')}`);
    }
    const scale = FULL_DAY_ROWS / rows;
    const rowsNote = `${rows.toLocaleString('en')} rows (100 targets, a sample per ${step} s; a full day at 1 s is ${FULL_DAY_ROWS.toLocaleString('en')})`;
    return [
      ['retention: drop a day partition', `${dropMs.toFixed(0)} ms`, `${rowsNote}; whole prune ${(dropMs + restMs).toFixed(0)} ms (per-target loops ${restMs.toFixed(0)} ms)`],
      [
        'retention: delete the same day row by row (before)',
        `${(deleteMs / 1000).toFixed(1)} s + VACUUM ${(vacuumMs / 1000).toFixed(1)} s`,
        `whole prune, 5,000-row batches; scaled to ${FULL_DAY_ROWS.toLocaleString('en')} rows ≈ ${(((deleteMs - restMs + vacuumMs) * scale + restMs) / 1000).toFixed(0)} s; data load ${loadSeconds.toFixed(0)} s`,
      ],
    ];
  } finally {
    await db.$disconnect();
    await store.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
