import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneOnce } from '@/lib/samples/retention';
import { rollupOnce } from '@/lib/samples/rollup';
import { querySeriesTable, type SeriesTable } from '@/lib/samples/series';
import { startTestStore, type TestStore } from '../support/postgres';

let store: TestStore;
let a: string;
let b: string;
// Three hours of 1 s samples, ending well before now (within the default raw retention).
const T0 = Math.floor(Date.now() / 3600_000) * 3600_000 - 4 * 3600_000;
const SECONDS = 3 * 3600;
const METRICS = ['total', 'commitsPerSec', 'errors'] as const;

// Known values: total climbs s % 100; commits vary and are missing on a few samples (s % 97 = 0),
// so a mean weighted by samples rather than by figures would differ; an error every 10 minutes.
const total = (s: number) => s % 100;
const commits = (s: number) => (s % 97 === 0 ? null : (s % 10) * 0.5);
const error = (s: number): number => (s % 600 === 599 ? 1 : 0);

async function insertSamples(targetId: string): Promise<void> {
  await store.db.$executeRaw`
    INSERT INTO samples (target_id, at, max_connections, reserved_connections, total, active, idle, commits_per_sec, error)
    SELECT ${targetId}::uuid, to_timestamp((${T0}::bigint + s * 1000) / 1000.0), 100, 3, s % 100, s % 7, 1,
           CASE WHEN s % 97 = 0 THEN NULL ELSE (s % 10) * 0.5 END, CASE WHEN s % 600 = 599 THEN 'too many clients' END
    FROM generate_series(0, ${SECONDS - 1}) s`;
}

/** The series computed from the generator itself: bucket max, mean of figures, error count. */
function expected(stepMs: number): SeriesTable['rows'] {
  const rows: SeriesTable['rows'] = [];
  const perBucket = stepMs / 1000;
  for (let first = 0; first < SECONDS; first += perBucket) {
    const seconds = Array.from({ length: perBucket }, (_, i) => first + i);
    const figures = seconds.map(commits).filter((value): value is number => value !== null);
    const mean = figures.reduce((sum, value) => sum + value, 0) / figures.length;
    rows.push([T0 + first * 1000, Math.max(...seconds.map(total)), Math.round(mean * 1000) / 1000, seconds.map(error).reduce((x, y) => x + y, 0)]);
  }
  return rows;
}

const threeHours = (targetId: string, extra: { rawRetentionMs?: number } = {}) =>
  querySeriesTable(store.db, { targetId, metrics: METRICS, from: T0, to: T0 + SECONDS * 1000, points: 100, ...extra });

beforeAll(async () => {
  store = await startTestStore();
  a = (await store.db.target.create({ data: { name: 'a', url: 'postgres://u@127.0.0.1/a' } })).id;
  b = (await store.db.target.create({ data: { name: 'b', url: 'postgres://u@127.0.0.1/b' } })).id;
  await insertSamples(a);
});
afterAll(async () => {
  await store?.stop();
});

describe('rollups', () => {
  let beforeRollup: SeriesTable<(typeof METRICS)[number]>;

  it('rolls every complete minute into one row with exact min, max and average', async () => {
    // Before any rollup, a long range is read from raw samples on the same minute grid.
    beforeRollup = await threeHours(a);
    expect(await rollupOnce(store.db)).toBe(180);
    const row = await store.db.sampleRollup.findUniqueOrThrow({ where: { targetId_bucket: { targetId: a, bucket: new Date(T0 + 5 * 60_000) } } });
    const seconds = Array.from({ length: 60 }, (_, i) => 300 + i);
    const figures = seconds.map(commits).filter((value): value is number => value !== null);
    expect(row.samples).toBe(60);
    expect(row.figures).toMatchObject({
      total: { min: Math.min(...seconds.map(total)), max: Math.max(...seconds.map(total)), avg: seconds.map(total).reduce((x, y) => x + y) / 60, n: 60 },
      errors: { count: 0 },
    });
    const stored = (row.figures as { commitsPerSec: { avg: number; n: number } }).commitsPerSec;
    expect(stored.n).toBe(figures.length);
    expect(stored.avg).toBeCloseTo(figures.reduce((x, y) => x + y) / figures.length, 9);
    // Re-running re-rolls only the last minutes, and writes no new row.
    expect(await store.db.sampleRollup.count({ where: { targetId: a } })).toBe(180);
    await rollupOnce(store.db);
    expect(await store.db.sampleRollup.count({ where: { targetId: a } })).toBe(180);
  });

  it('serves 3 h at 100 points from rollups, equal to the series computed from raw samples', async () => {
    const table = await threeHours(a);
    expect(table.source).toBe('rollup');
    expect(table.stepMs).toBe(120_000);
    expect(table.rows.length).toBeLessThanOrEqual(100);
    expect(table.rows).toEqual(beforeRollup.rows);
    expect(table.rows).toEqual(expected(120_000));
    // A short range at fine buckets still reads raw samples.
    const recent = await querySeriesTable(store.db, { targetId: a, metrics: METRICS, from: T0, to: T0 + 600_000, points: 300 });
    expect(recent).toMatchObject({ source: 'raw', stepMs: 2000 });
  });

  it('prunes only raw samples older than retention whose minute is rolled up', async () => {
    await insertSamples(b);
    // b is rolled up only to T0 + 2 h; a has nothing new to roll.
    expect(await rollupOnce(store.db, { now: new Date(T0 + 2 * 3600_000) })).toBe(120);
    const now = Date.now();
    const result = await pruneOnce(store.db, { now: new Date(now), rawRetentionMs: now - (T0 + 150 * 60_000), rollupRetentionMs: 90 * 86_400_000, batchSize: 1000 });
    // a: everything before the cut-off; b: only before its latest rolled-up minute (T0 + 119 min).
    expect(result).toEqual({ samples: 150 * 60 + 119 * 60, samplePartitions: 0, rollups: 0 });
    const oldest = await store.db.sample.groupBy({ by: ['targetId'], _min: { at: true }, _count: true });
    const byTarget = new Map(oldest.map((row) => [row.targetId, row]));
    expect(byTarget.get(a)).toMatchObject({ _count: SECONDS - 9000, _min: { at: new Date(T0 + 150 * 60_000) } });
    expect(byTarget.get(b)).toMatchObject({ _count: SECONDS - 7140, _min: { at: new Date(T0 + 119 * 60_000) } });
  });

  it('serves a range spanning pruned and raw-only minutes from both, whole', async () => {
    // b: minutes 0–119 come from rollups (their raw samples are gone), 120–179 from raw samples.
    for (const target of [a, b]) expect((await threeHours(target)).rows).toEqual(expected(120_000));
    // A short range older than raw retention is read from rollups, at whole minutes.
    const rawRetentionMs = Date.now() - (T0 + 150 * 60_000);
    const old = await querySeriesTable(store.db, { targetId: b, metrics: METRICS, from: T0 + 600_000, to: T0 + 1200_000, points: 300, rawRetentionMs });
    expect(old).toMatchObject({ source: 'rollup', stepMs: 60_000 });
    expect(old.rows.map(([at, max]) => [at, max])).toEqual(Array.from({ length: 10 }, (_, i) => [T0 + 600_000 + i * 60_000, Math.max(...Array.from({ length: 60 }, (_, j) => total(600 + i * 60 + j)))]));
  });

  it('never returns more than the requested points, whatever the range', async () => {
    const rawRetentionMs = Date.now() - (T0 + 150 * 60_000);
    for (const points of [1, 2, 3, 7, 59, 99, 100, 101, 299, 1000, 2000]) {
      for (const [from, to] of [[T0, T0 + SECONDS * 1000], [T0 + 0.4, T0 + 1234_567.8], [T0 + 59_999, T0 + 61_001], [T0 - 86_400_000, T0 + 7_200_000]]) {
        for (const retention of [undefined, rawRetentionMs]) {
          const table = await querySeriesTable(store.db, { targetId: b, metrics: METRICS, from: from!, to: to!, points, rawRetentionMs: retention });
          expect(table.rows.length, `${points} points over [${from}, ${to}) from ${table.source}`).toBeLessThanOrEqual(points);
        }
      }
    }
  });

  it('prunes rollups older than their retention', async () => {
    const now = Date.now();
    const result = await pruneOnce(store.db, { now: new Date(now), rawRetentionMs: 48 * 3600_000, rollupRetentionMs: now - (T0 + 30 * 60_000) });
    expect(result.rollups).toBe(60);
    expect(await store.db.sampleRollup.count({ where: { bucket: { lt: new Date(T0 + 30 * 60_000) } } })).toBe(0);
  });
});
