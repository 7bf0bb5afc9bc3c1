import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as listRoute from '@/app/api/applications/route';
import * as seriesRoute from '@/app/api/applications/[name]/series/route';
import * as ingestRoute from '@/app/api/ingest/route';
import { APPLICATION_METRICS, type ApplicationMetric } from '@/lib/applications/metrics';
import { rollupReportsOnce } from '@/lib/applications/rollup';
import { queryApplicationSeries } from '@/lib/applications/series';
import type { ApplicationSummary } from '@/lib/applications/types';
import { recordSample } from '@/lib/samples/record';
import { noParams, request, startTestApp } from '../support/app';

/**
 * GET /api/applications/{name}/series and the pool-report rollups on a real store: three hours of
 * known reports from three instances of "shop" (one of them an older client that does not count
 * refusals), checked bucket by bucket against the same figures computed here.
 */
let app: Awaited<ReturnType<typeof startTestApp>>;
const db = () => app.store.db;

const T0 = Math.floor(Date.now() / 3600_000) * 3600_000 - 4 * 3600_000;
const REPORTS = 3 * 720; // three hours of 5 s reports per instance
const INSTANCES = [1, 2, 3];
const RETENTION_MS = 48 * 3600_000;

interface Report {
  at: number;
  instance: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  queries: number;
  errors: number;
  refusals: number | null;
  total: number;
  poolMax: number;
  waiting: number;
}

// The same formulas as the INSERT below.
function generated(): Report[] {
  const reports: Report[] = [];
  for (const k of INSTANCES) {
    for (let s = 0; s < REPORTS; s++) {
      const idle = s % 50 === 0;
      const errors = s % 13 === 0 ? 5 : 0;
      reports.push({
        at: T0 + s * 5000 + k * 100,
        instance: k,
        p50: idle ? null : (s % 20) + k,
        p95: idle ? null : 2 * (s % 20) + 3 * k,
        p99: idle ? null : 2 * (s % 20) + 3 * k + 5,
        queries: idle ? 0 : 100 + (s % 7),
        errors: idle ? 0 : errors,
        refusals: k === 3 ? null : idle ? 0 : Math.min(errors, 2),
        total: (s * k) % 30,
        poolMax: 30,
        waiting: s % 4 === 0 ? k : 0,
      });
    }
  }
  return reports;
}

async function insertReports(): Promise<void> {
  await db().$executeRaw`
    INSERT INTO pool_reports (id, application, instance, target, at, received_at, pool_max, total, idle, waiting, queries, errors, refusals, p50_ms, p95_ms, p99_ms)
    SELECT gen_random_uuid(), 'shop', 'shop-' || k, 'production', r.at, r.at, 30, (s * k) % 30, 0, CASE WHEN s % 4 = 0 THEN k ELSE 0 END,
           CASE WHEN idle THEN 0 ELSE 100 + s % 7 END,
           CASE WHEN idle THEN 0 WHEN s % 13 = 0 THEN 5 ELSE 0 END,
           CASE WHEN k = 3 THEN NULL WHEN idle THEN 0 WHEN s % 13 = 0 THEN 2 ELSE 0 END,
           CASE WHEN idle THEN NULL ELSE s % 20 + k END,
           CASE WHEN idle THEN NULL ELSE 2 * (s % 20) + 3 * k END,
           CASE WHEN idle THEN NULL ELSE 2 * (s % 20) + 3 * k + 5 END
    FROM generate_series(1, 3) k, generate_series(0, ${REPORTS - 1}) s,
         LATERAL (SELECT to_timestamp((${T0}::bigint + s * 5000 + k * 100) / 1000.0) AS at, s % 50 = 0 AS idle) r`;
}

/** Per bucket and instance the peak or sum, then across instances the peak or sum: as lib/applications/metrics.ts says. */
function expected(metric: ApplicationMetric, from: number, to: number, stepMs: number, only?: number): [number, number | null][] {
  const buckets = new Map<number, Map<number, Report[]>>();
  for (const report of generated()) {
    if (report.at < from || report.at >= to || (only !== undefined && report.instance !== only)) continue;
    const bucket = from + Math.floor((report.at - from) / stepMs) * stepMs;
    const instances = buckets.get(bucket) ?? new Map<number, Report[]>();
    instances.set(report.instance, [...(instances.get(report.instance) ?? []), report]);
    buckets.set(bucket, instances);
  }
  const max = (values: (number | null)[]) => (values.some((v) => v !== null) ? Math.max(...values.filter((v): v is number => v !== null)) : null);
  const sum = (values: (number | null)[]) => (values.some((v) => v !== null) ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : null);
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bucket, instances]) => {
      const partials = [...instances.values()].map((reports) => ({
        p50: max(reports.map((r) => r.p50)),
        p95: max(reports.map((r) => r.p95)),
        p99: max(reports.map((r) => r.p99)),
        queries: sum(reports.map((r) => r.queries)) ?? 0,
        errors: sum(reports.map((r) => r.errors)) ?? 0,
        refusals: sum(reports.map((r) => r.refusals)),
        total: max(reports.map((r) => r.total)) ?? 0,
        poolMax: max(reports.map((r) => r.poolMax)) ?? 0,
        waiting: max(reports.map((r) => r.waiting)) ?? 0,
      }));
      const queries = partials.reduce((a, p) => a + p.queries, 0);
      const value: Record<ApplicationMetric, number | null> = {
        p50Ms: max(partials.map((p) => p.p50)),
        p95Ms: max(partials.map((p) => p.p95)),
        p99Ms: max(partials.map((p) => p.p99)),
        errorRate: queries === 0 ? null : Math.round(((100 * partials.reduce((a, p) => a + p.errors, 0)) / queries) * 1000) / 1000,
        refusals: sum(partials.map((p) => p.refusals)),
        poolTotal: partials.reduce((a, p) => a + p.total, 0),
        poolMax: partials.reduce((a, p) => a + p.poolMax, 0),
        poolWaiting: partials.reduce((a, p) => a + p.waiting, 0),
      };
      return [bucket, value[metric]];
    });
}

const series = (metric: ApplicationMetric, extra: { from?: number; to?: number; points?: number; instance?: string; rawRetentionMs?: number } = {}) =>
  queryApplicationSeries(db(), { application: 'shop', metric, from: T0, to: T0 + REPORTS * 5000, points: 100, ...extra });

beforeAll(async () => {
  app = await startTestApp();
  await insertReports();
});
afterAll(async () => {
  await app?.stop();
});

describe('application series', () => {
  const beforeRollup = new Map<ApplicationMetric, [number, number | null][]>();

  it('reads a short range from raw reports, every metric as its rule says', async () => {
    for (const metric of APPLICATION_METRICS) {
      const short = await series(metric, { to: T0 + 600_000, points: 60 });
      expect(short).toMatchObject({ application: 'shop', metric, source: 'raw', stepMs: 10_000, from: T0, to: T0 + 600_000 });
      expect(short.points, metric).toEqual(expected(metric, T0, T0 + 600_000, 10_000));
    }
    // One instance only, when asked.
    const one = await series('poolTotal', { to: T0 + 600_000, points: 60, instance: 'shop-2' });
    expect(one.points).toEqual(expected('poolTotal', T0, T0 + 600_000, 10_000, 2));
  });

  it('reads three hours at 100 points on a whole-minute grid, from raw reports before any rollup', async () => {
    for (const metric of APPLICATION_METRICS) {
      const table = await series(metric);
      expect(table).toMatchObject({ source: 'rollup', stepMs: 120_000 });
      expect(table.points.length).toBeLessThanOrEqual(100);
      expect(table.points, metric).toEqual(expected(metric, T0, T0 + REPORTS * 5000, 120_000));
      beforeRollup.set(metric, table.points);
    }
  });

  it('rolls each instance-minute into one row, and reads the same series from the rollups', async () => {
    expect(await rollupReportsOnce(db(), { rawRetentionMs: RETENTION_MS, maxSpanMs: 24 * 3600_000 })).toBe(3 * 180);
    expect(await db().poolReportRollup.count()).toBe(540);
    const minute = await db().poolReportRollup.findUniqueOrThrow({ where: { application_instance_bucket: { application: 'shop', instance: 'shop-3', bucket: new Date(T0 + 60_000) } } });
    expect(minute).toMatchObject({ reports: 12, refusals: null, poolMax: 30, target: 'production' });
    // The series now comes from rollups (the mark is past T0 + 3 h) and reads exactly as before.
    for (const metric of APPLICATION_METRICS) expect((await series(metric)).points, metric).toEqual(beforeRollup.get(metric));
  });

  it('rolls a minute again when a late report for it arrives', async () => {
    const at = new Date(T0 + 30 * 60_000 + 1234);
    await db().poolReport.create({
      data: { application: 'shop', instance: 'shop-1', at, poolMax: 30, total: 29, idle: 0, waiting: 40, queries: 10, errors: 10, refusals: 10, p50Ms: 900, p95Ms: 950, p99Ms: 990 },
    });
    await rollupReportsOnce(db(), { rawRetentionMs: RETENTION_MS });
    const minute = await db().poolReportRollup.findUniqueOrThrow({ where: { application_instance_bucket: { application: 'shop', instance: 'shop-1', bucket: new Date(T0 + 30 * 60_000) } } });
    expect(minute).toMatchObject({ reports: 13, waiting: 40, p95Ms: 950 });
    const peak = await series('p95Ms', { from: T0 + 30 * 60_000, to: T0 + 32 * 60_000, points: 2, rawRetentionMs: 60_000 });
    expect(peak).toMatchObject({ source: 'rollup', points: [[T0 + 30 * 60_000, 950], [T0 + 31 * 60_000, expect.any(Number)]] });
    await db().poolReport.deleteMany({ where: { at } });
  });

  it('never returns more than the requested points, whatever the range', async () => {
    for (const points of [1, 2, 7, 99, 100, 299, 2000]) {
      for (const [from, to] of [[T0, T0 + REPORTS * 5000], [T0 + 0.4, T0 + 1234_567.8], [T0 + 59_999, T0 + 61_001], [T0 - 86_400_000, T0 + 7_200_000]]) {
        for (const rawRetentionMs of [undefined, 60_000]) {
          const result = await series('poolTotal', { from: from!, to: to!, points, rawRetentionMs });
          expect(result.points.length, `${points} points over ${to! - from!} ms`).toBeLessThanOrEqual(points);
        }
      }
    }
  });
});

describe('GET /api/applications and /api/applications/{name}/series', () => {
  const get = (path: string) => listRoute.GET(request(path), noParams);
  const getSeries = (name: string, search: string) => seriesRoute.GET(request(`/api/applications/${encodeURIComponent(name)}/series?${search}`), { params: Promise.resolve({ name }) });

  it('lists each application with its instances, targets and latest figures, and for one target only its own', async () => {
    const target = await db().target.create({ data: { name: 'production', url: 'postgres://u@127.0.0.1/p' } });
    const other = await db().target.create({ data: { name: 'analytics', url: 'postgres://u@127.0.0.1/a' } });
    const now = new Date().toISOString();
    const report = (application: string, instance: string, target: string | undefined, extra: object = {}) => ({
      application, instance, ...(target ? { target } : {}), at: now, poolMax: 10, total: 4, idle: 1, waiting: 0, queries: 200, errors: 4, p50Ms: 2, p95Ms: 30, p99Ms: 60, ...extra,
    });
    const posted = await ingestRoute.POST(
      request('/api/ingest', {
        method: 'POST',
        json: { reports: [report('web', 'web-1', 'production', { refusals: 3 }), report('web', 'web-2', 'production', { p95Ms: 80, p99Ms: 90, waiting: 2 }), report('etl', 'etl-1', 'analytics'), report('cron', 'cron-1', undefined)] },
      }),
      noParams,
    );
    expect(posted.status).toBe(202);
    // cron names no target but holds connections on production: it counts there, as in the budget.
    await recordSample(db(), { targetId: target.id, at: new Date(), maxConnections: 100, reservedConnections: 3, total: 9, states: null, waiting: 0, oldestXactSeconds: null, probeLatencyMs: 1, connectLatencyMs: 2, commitsPerSec: null, rollbacksPerSec: null, deadlocksPerSec: null, applications: [{ name: 'cron', clientAddr: null, total: 1, active: 0, idle: 1, idleInTransaction: 0 }], error: null, errorCode: null });

    const all = (await (await get('/api/applications')).json()) as ApplicationSummary[];
    expect(all.map((a) => a.name)).toEqual(['cron', 'etl', 'web']);
    const web = all.find((a) => a.name === 'web');
    expect(web).toMatchObject({
      targets: ['production'],
      instances: [
        { instance: 'web-1', target: 'production', current: true, latest: { refusals: 3, errorRate: 2, p95Ms: 30 } },
        { instance: 'web-2', current: true, latest: { refusals: null, waiting: 2 } },
      ],
      latest: { poolMax: 20, total: 8, waiting: 2, queries: 400, errors: 8, errorRate: 2, refusals: 3, p95Ms: 80, p99Ms: 90 },
    });
    // The three-hour-old shop is outside the default hour; a range that covers it lists it, from the rollups.
    const old = (await (await get(`/api/applications?from=${T0}&to=${T0 + 3600_000}`)).json()) as ApplicationSummary[];
    expect(old.map((a) => a.name)).toEqual(['shop']);
    expect(old[0]?.instances.map((i) => [i.instance, i.current, i.latest?.at])).toEqual([
      ['shop-1', true, new Date(T0 + 719 * 5000 + 100).toISOString()],
      ['shop-2', true, new Date(T0 + 719 * 5000 + 200).toISOString()],
      ['shop-3', true, new Date(T0 + 719 * 5000 + 300).toISOString()],
    ]);

    const forProduction = (await (await get(`/api/applications?targetId=${target.id}`)).json()) as ApplicationSummary[];
    expect(forProduction.map((a) => a.name)).toEqual(['cron', 'web']);
    const forAnalytics = (await (await get(`/api/applications?targetId=${other.id}`)).json()) as ApplicationSummary[];
    expect(forAnalytics.map((a) => a.name)).toEqual(['etl']);
  });

  it('answers the series in the target series shape, and refuses what is wrong with a clear 4xx', async () => {
    const ok = await getSeries('shop', `metric=p95Ms&from=${T0}&to=${T0 + 600_000}&points=60`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ application: 'shop', metric: 'p95Ms', from: T0, to: T0 + 600_000, stepMs: 10_000, source: 'raw', points: expected('p95Ms', T0, T0 + 600_000, 10_000) });

    const cases: [string, string, number, string][] = [
      ['shop', 'metric=latency', 400, 'metric must be one of p50Ms, p95Ms, p99Ms, errorRate, refusals, poolTotal, poolMax, poolWaiting'],
      ['shop', 'metric=p95Ms&points=0', 400, 'points must be at least 1'],
      ['shop', `metric=p95Ms&from=${T0}&to=${T0 - 1}`, 400, 'from must be before to'],
      ['shop', 'metric=p95Ms&pints=3', 400, 'Unrecognized key'],
      ['nobody', 'metric=p95Ms', 404, 'no application named nobody has reported its pool'],
    ];
    for (const [name, search, status, message] of cases) {
      const response = await getSeries(name, search);
      expect(response.status, search).toBe(status);
      expect(((await response.json()) as { error: string }).error).toContain(message);
    }
    const badTarget = await get('/api/applications?targetId=nope');
    expect(badTarget.status).toBe(400);
    const unknownTarget = await get('/api/applications?targetId=00000000-0000-4000-8000-000000000001');
    expect(unknownTarget.status).toBe(404);
  });
});
