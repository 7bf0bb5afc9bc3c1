import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { querySeries, querySeriesTable } from '@/lib/samples/series';
import { sharedSeriesTable } from '@/lib/samples/series-shared';
import { latestSnapshot, latestSnapshots } from '@/lib/samples/snapshot';
import { startTestStore, type TestStore } from '../support/postgres';

let store: TestStore;
let targetId: string;
// Within raw retention whenever the test runs (an old fixed date would be read from rollups).
const T0 = Math.floor(Date.now() / 3600_000) * 3600_000 - 3 * 3600_000;

beforeAll(async () => {
  store = await startTestStore();
  targetId = (await store.db.target.create({ data: { name: 'db', url: 'postgres://u@127.0.0.1/db' } })).id;
  // One hour of 1 s samples: total climbs 0..3599 % 100; seconds 600–659 are a collector outage
  // (no rows) and 1200–1259 an unreachable target (rows with null figures and an error).
  await store.db.$executeRaw`
    INSERT INTO samples (target_id, at, max_connections, reserved_connections, total, active, idle, probe_latency_ms, error, error_code)
    SELECT ${targetId}::uuid, to_timestamp((${T0}::bigint + s * 1000) / 1000.0),
           CASE WHEN s BETWEEN 1200 AND 1259 THEN NULL ELSE 100 END, CASE WHEN s BETWEEN 1200 AND 1259 THEN NULL ELSE 3 END,
           CASE WHEN s BETWEEN 1200 AND 1259 THEN NULL ELSE s % 100 END,
           CASE WHEN s BETWEEN 1200 AND 1259 THEN NULL ELSE 1 END, CASE WHEN s BETWEEN 1200 AND 1259 THEN NULL ELSE 2 END,
           CASE WHEN s BETWEEN 1200 AND 1259 THEN NULL ELSE 1.5 END,
           CASE WHEN s BETWEEN 1200 AND 1259 THEN 'connection refused' END, CASE WHEN s BETWEEN 1200 AND 1259 THEN 'ECONNREFUSED' END
    FROM generate_series(0, 3599) s WHERE s NOT BETWEEN 600 AND 659`;
});
afterAll(async () => {
  await store?.stop();
});

describe('series asked by a crowd at once (sharedSeriesTable)', () => {
  it('answers each of a crowd\'s identical questions as one alone is answered, and never from before it was asked', async () => {
    const question = { targetId, metrics: ['total', 'active'] as const, from: T0 + 3590_000, to: T0 + 3610_000, points: 20 };
    const alone = await querySeriesTable(store.db, { ...question, metrics: [...question.metrics] });
    const crowd = await Promise.all(Array.from({ length: 20 }, () => sharedSeriesTable(store.db, { ...question, metrics: [...question.metrics] })));
    for (const answer of crowd) expect(answer).toEqual(alone);
    // A sample stored after those answers is in the next one: nothing was kept.
    await store.db.sample.create({ data: { targetId, at: new Date(T0 + 3605_000), maxConnections: 100, reservedConnections: 3, total: 77, active: 7, idle: 70 } });
    const later = await sharedSeriesTable(store.db, { ...question, metrics: [...question.metrics] });
    expect(later.rows.find(([at]) => at === T0 + 3605_000)).toEqual([T0 + 3605_000, 77, 7]);
    await store.db.sample.delete({ where: { targetId_at: { targetId, at: new Date(T0 + 3605_000) } } });
  });
});

describe('series', () => {
  it('returns at most the requested points, bucketed from `from`, with the bucket maximum', async () => {
    const series = await querySeries(store.db, { targetId, metric: 'total', from: T0, to: T0 + 3600_000, points: 60 });
    expect(series.stepMs).toBe(60_000);
    expect(series.points.length).toBeLessThanOrEqual(60);
    expect(series.points[0]).toEqual([T0, 59]);
    expect(series.points[1]).toEqual([T0 + 60_000, 99]);
  });

  it('leaves a collector outage out and shows an unreachable target as null', async () => {
    const series = await querySeries(store.db, { targetId, metric: 'total', from: T0, to: T0 + 3600_000, points: 60 });
    const times = series.points.map(([at]) => at);
    expect(times).not.toContain(T0 + 600_000);
    expect(series.points.find(([at]) => at === T0 + 1200_000)).toEqual([T0 + 1200_000, null]);
    const errors = await querySeries(store.db, { targetId, metric: 'errors', from: T0, to: T0 + 3600_000, points: 60 });
    expect(errors.points.find(([at]) => at === T0 + 1200_000)).toEqual([T0 + 1200_000, 60]);
  });

  it('accepts a window with fractional milliseconds', async () => {
    const series = await querySeries(store.db, { targetId, metric: 'total', from: T0 + 0.4, to: T0 + 3000.6, points: 10 });
    expect(series.from).toBe(T0);
    expect(series.points.map(([, value]) => value)).toEqual([0, 1, 2, 3]);
  });

  it('returns raw samples when the range has fewer samples than points', async () => {
    const series = await querySeries(store.db, { targetId, metric: 'usagePercent', from: T0 + 10_000, to: T0 + 15_000, points: 300 });
    expect(series.points).toHaveLength(5);
    expect(series.points[0]).toEqual([T0 + 10_000, Math.round((10 / 97) * 100 * 1000) / 1000]);
  });

  it('gives the latest snapshot with usable connections and states', async () => {
    const snapshot = await latestSnapshot(store.db, targetId);
    expect(snapshot).toMatchObject({ at: new Date(T0 + 3599_000).toISOString(), maxConnections: 100, usableConnections: 97, total: 99, states: { active: 1, idle: 2 }, error: null });
    expect((await latestSnapshots(store.db)).map((s) => s.targetId)).toEqual([targetId]);
  });
});
