import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollupReportsOnce } from '@/lib/applications/rollup';
import { rollupPoolerOnce } from '@/lib/pooler/rollup';
import { renderChartSvg } from '@/lib/postmortem/chart-svg';
import { computeFigures, freezeClosedIncidents } from '@/lib/postmortem/figures';
import { getIncident } from '@/lib/incidents/get';
import { exportPostmortem, incidentChartSvg } from '@/lib/postmortem/export';
import type { RetentionPolicy } from '@/lib/retention/policy';
import { pruneAll, type PruneReport } from '@/lib/retention/prune';
import { startMaintenance } from '@/lib/samples/maintenance';
import { rollupOnce } from '@/lib/samples/rollup';
import { startTestStore, type TestStore } from '../support/postgres';

/**
 * Every table that grows with time, back-dated on a real store and pruned by its retention: raw
 * series only once rolled up, pending and running rows never, and nothing an open incident still
 * shows. Then the incident is resolved, its postmortem copies its figures, and the same prune
 * takes the rest while the postmortem's chart stays as it was.
 */
let store: TestStore;
const db = () => store.db;
let postgresTarget: string;
let bouncerTarget: string;
let incidentId: string;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const M0 = Math.floor(Date.now() / MINUTE) * MINUTE;
const NOW = new Date(M0 + 30_000);
const MINUTES = 3 * 24 * 60; // three days of one row a minute, at M0 − i minutes for i = 1 … MINUTES

const POLICY: RetentionPolicy = {
  samplesMs: DAY,
  sampleRollupsMs: 2 * DAY,
  reportsMs: DAY,
  reportRollupsMs: 2 * DAY,
  poolerMs: DAY,
  poolerRollupsMs: 2 * DAY,
  alertHistoryMs: 180 * DAY,
  deliveriesMs: 30 * DAY,
  drillsMs: 365 * DAY,
  auditMs: 730 * DAY,
};

/** Rows at M0 − i min (i = 1 … MINUTES) older than `ms` before NOW = M0 + 30 s: those with i > (ms − 30 s) / 1 min. */
const olderThan = (ms: number) => MINUTES - Math.floor((ms - 30_000) / MINUTE);

async function insertSeries(): Promise<void> {
  await db().$executeRaw`
    INSERT INTO samples (target_id, at, max_connections, reserved_connections, total, active, idle)
    SELECT ${postgresTarget}::uuid, to_timestamp((${M0}::bigint - i * 60000) / 1000.0), 100, 3, i % 90, 1, 1 FROM generate_series(1, ${MINUTES}) i`;
  await db().$executeRaw`
    INSERT INTO pool_reports (id, application, instance, target, at, received_at, pool_max, total, idle, waiting, queries, errors, refusals, p50_ms, p95_ms, p99_ms)
    SELECT gen_random_uuid(), 'web', 'web-1', 'production', r.at, r.at, 50, i % 50, 0, 0, 100, i % 3, 0, 2, 10 + i % 200, 300
    FROM generate_series(1, ${MINUTES}) i, LATERAL (SELECT to_timestamp((${M0}::bigint - i * 60000 + 1000) / 1000.0) AS at) r`;
  await db().$executeRaw`
    INSERT INTO pooler_samples (target_id, at, database, "user", cl_active, cl_waiting, sv_active, sv_idle, sv_used, max_wait_seconds)
    SELECT ${bouncerTarget}::uuid, to_timestamp((${M0}::bigint - i * 60000) / 1000.0), 'app', 'app', 5, i % 4, 5, 1, 0, 0.5 FROM generate_series(1, ${MINUTES}) i`;
  const span = { maxSpanMs: 10 * DAY };
  await rollupOnce(db(), { now: NOW, ...span });
  await rollupReportsOnce(db(), { now: NOW, rawRetentionMs: 10 * DAY, ...span });
  await rollupPoolerOnce(db(), { now: NOW, ...span });
}

async function insertHistory(): Promise<void> {
  const ago = (ms: number) => new Date(NOW.getTime() - ms);
  const rule = await db().alertRule.findFirstOrThrow({ where: { builtIn: true } });
  const quiet = await db().alert.create({ data: { ruleId: rule.id, targetId: bouncerTarget, state: 'resolved', since: ago(200 * DAY) } });
  const ofIncident = await db().alert.create({ data: { ruleId: rule.id, targetId: postgresTarget, state: 'firing', since: ago(200 * DAY), incidentId } });
  await db().alertEvent.createMany({
    data: [
      { alertId: quiet.id, at: ago(200 * DAY), from: 'pending', to: 'firing' },
      { alertId: quiet.id, at: ago(10 * DAY), from: 'firing', to: 'resolved' },
      { alertId: ofIncident.id, at: ago(200 * DAY), from: 'pending', to: 'firing' },
    ],
  });
  await db().externalAlert.createMany({
    data: [
      { fingerprint: 'a1', startsAt: ago(300 * DAY), groupKey: 'g', alertname: 'PostgresDown', status: 'resolved', labels: {}, receivedAt: ago(300 * DAY), resolvedAt: ago(200 * DAY) },
      { fingerprint: 'a2', startsAt: ago(300 * DAY), groupKey: 'g', alertname: 'PostgresDown', status: 'firing', labels: {}, receivedAt: ago(300 * DAY), incidentId },
      { fingerprint: 'a3', startsAt: ago(300 * DAY), groupKey: 'g', alertname: 'PostgresDown', status: 'resolved', labels: {}, receivedAt: ago(300 * DAY), resolvedAt: ago(DAY) },
    ],
  });
  const receiver = await db().receiver.create({ data: { name: 'hook', kind: 'webhook', url: 'http://127.0.0.1:9/hook' } });
  await db().delivery.createMany({
    data: (['delivered', 'failed', 'pending'] as const)
      .map((status) => ({ receiverId: receiver.id, groupKey: 'target=bouncer', alertIds: [quiet.id], event: 'firing', status, payload: {}, createdAt: ago(40 * DAY) }))
      .concat([{ receiverId: receiver.id, groupKey: 'target=bouncer', alertIds: [quiet.id], event: 'resolved', status: 'delivered', payload: {}, createdAt: ago(DAY) }]),
  });
  await db().drillReport.createMany({
    data: [
      { targetId: postgresTarget, status: 'finished', startedBy: 'ops', startedAt: ago(400 * DAY), params: {} },
      { targetId: postgresTarget, status: 'running', startedBy: 'ops', startedAt: ago(400 * DAY), params: {} },
      { targetId: postgresTarget, status: 'failed', startedBy: 'ops', startedAt: ago(10 * DAY), params: {} },
    ],
  });
  await db().auditEntry.createMany({
    data: [
      { at: ago(800 * DAY), actor: 'admin', action: 'target.create', subjectType: 'target' },
      { at: ago(10 * DAY), actor: 'admin', action: 'target.create', subjectType: 'target' },
    ],
  });
}

beforeAll(async () => {
  store = await startTestStore();
  postgresTarget = (await db().target.create({ data: { name: 'production', url: 'postgres://u@127.0.0.1/p' } })).id;
  bouncerTarget = (await db().target.create({ data: { name: 'bouncer', kind: 'pgbouncer', url: 'postgres://u@127.0.0.1/pgbouncer' } })).id;
  // Open for 30 h: its chart window starts 33 h ago (10 % margin), older than the raw retention of a day.
  const incident = await db().incident.create({
    data: { title: 'Too many clients', severity: 'SEV2', startedAt: new Date(NOW.getTime() - 30 * HOUR), detectedAt: new Date(NOW.getTime() - 30 * HOUR), createdBy: 'ops', targets: { create: [{ targetId: postgresTarget }] } },
  });
  incidentId = incident.id;
  await insertSeries();
  await insertHistory();
});
afterAll(async () => {
  await store?.stop();
});

describe('retention', () => {
  let chartBefore: string | null;

  it('prunes each table by its retention, in batches, keeping what an open incident shows', async () => {
    const kept = 33 * HOUR; // the open incident's window reaches back this far, for its target and for pool reports
    const result = await pruneAll(db(), POLICY, { now: NOW, batchSize: 500 });
    expect(result).toEqual<PruneReport>({
      samples: olderThan(kept),
      // Back-dated rows lie in samples_legacy (before the first day partition): pruned row by row.
      samplePartitions: 0,
      sampleRollups: olderThan(2 * DAY),
      reports: olderThan(kept),
      reportRollups: olderThan(2 * DAY),
      poolerSamples: olderThan(DAY),
      poolerRollups: olderThan(2 * DAY),
      alertEvents: 1,
      externalAlerts: 1,
      deliveries: 2,
      drills: 1,
      auditEntries: 1,
    });
    expect(await db().delivery.groupBy({ by: ['status'], _count: true, orderBy: { status: 'asc' } })).toEqual([
      { status: 'delivered', _count: 1 },
      { status: 'pending', _count: 1 },
    ]);
    expect((await db().drillReport.findMany({ orderBy: { status: 'asc' } })).map((d) => d.status)).toEqual(['failed', 'running']);
    // The event of the alert tied to the open incident stays, whatever its age.
    expect(await db().alertEvent.count()).toBe(2);
    // A second prune finds nothing more to do.
    const again = await pruneAll(db(), POLICY, { now: NOW });
    expect(Object.values(again).every((count) => count === 0)).toBe(true);
    chartBefore = await incidentChartSvg(db(), incidentId, NOW);
    expect(chartBefore).toContain('<polyline');
  });

  it('keeps raw rows that are not rolled up yet, however old', async () => {
    await db().poolReport.create({
      data: { application: 'late', instance: 'late-1', at: new Date(NOW.getTime() - 40 * HOUR), receivedAt: NOW, poolMax: 1, total: 0, idle: 0, waiting: 0, queries: 0, errors: 0 },
    });
    expect((await pruneAll(db(), POLICY, { now: NOW })).reports).toBe(0);
    expect(await db().poolReport.count({ where: { application: 'late' } })).toBe(1);
    await db().poolReport.deleteMany({ where: { application: 'late' } });
  });

  it('once the incident is resolved and its postmortem has its own copy, prunes its window too, and the postmortem still shows it', async () => {
    // Resolved 5 h ago after 25 h: its window (2.5 h margins) has closed, and now reaches back 32.5 h.
    await db().incident.update({ where: { id: incidentId }, data: { status: 'resolved', resolvedAt: new Date(NOW.getTime() - 5 * HOUR) } });
    const resolvedChart = await incidentChartSvg(db(), incidentId, NOW);
    // Not copied yet: its window is still kept. Its alert's history is no longer an open incident's.
    expect(await pruneAll(db(), POLICY, { now: NOW })).toMatchObject({
      samples: olderThan(32.5 * HOUR) - olderThan(33 * HOUR),
      reports: olderThan(32.5 * HOUR) - olderThan(33 * HOUR),
      alertEvents: 1,
      externalAlerts: 1,
    });
    expect(await freezeClosedIncidents(db(), NOW)).toBe(1);
    expect(await freezeClosedIncidents(db(), NOW)).toBe(0);
    // Rollups kept only a day now, so the series under the incident's first hours go entirely.
    const short = { ...POLICY, sampleRollupsMs: DAY, reportRollupsMs: DAY };
    expect(await pruneAll(db(), short, { now: NOW })).toMatchObject({
      samples: olderThan(DAY) - olderThan(32.5 * HOUR),
      sampleRollups: olderThan(DAY) - olderThan(2 * DAY),
      reports: olderThan(DAY) - olderThan(32.5 * HOUR),
      reportRollups: olderThan(DAY) - olderThan(2 * DAY),
    });
    // Computed afresh, the chart would now miss them; the postmortem shows its copy, as it was.
    const fresh = (await computeFigures(db(), await getIncident(db(), incidentId), NOW)).chart;
    expect(fresh && renderChartSvg(fresh)).not.toBe(resolvedChart);
    expect(await incidentChartSvg(db(), incidentId, NOW)).toBe(resolvedChart);
    const { markdown } = await exportPostmortem(db(), incidentId, { now: NOW, chartUrl: 'http://lifeguard.test/chart.svg' });
    expect(markdown).toMatch(/- \*\*What users met:\*\* p95 query latency up to 209 ms \(web, \d\d:\d\d UTC\); up to [\d.]+ % of queries failed \(web, .+\); 0 queries were refused a connection/);
  });

  it('prunes from the maintenance job, which rolls reports and pooler samples up first', async () => {
    const at = new Date(Date.now() - 3 * DAY);
    await db().poolReport.create({ data: { application: 'old', instance: 'old-1', at, receivedAt: at, poolMax: 1, total: 0, idle: 0, waiting: 0, queries: 0, errors: 0 } });
    const pruned = new Promise<PruneReport>((resolve) => {
      const maintenance = startMaintenance({
        db: db(),
        rollupEveryMs: 50,
        pruneEveryMs: 60_000,
        retention: POLICY,
        onRun: (run) => {
          if (run.job !== 'prune') return;
          void maintenance.stop();
          resolve(run.result);
        },
      });
    });
    expect((await pruned).reports).toBeGreaterThanOrEqual(1);
    expect(await db().poolReport.count({ where: { application: 'old' } })).toBe(0);
  });
});
