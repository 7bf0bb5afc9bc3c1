import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as metricsRoute from '@/app/metrics/route';
import { loadMetricsData } from '@/lib/prometheus/query';
import { recordSample } from '@/lib/samples/record';
import type { SampleRecord } from '@/lib/samples/types';
import { noParams, request, startTestApp } from '../support/app';
import { parseExposition, seriesValue, type PromFamily } from '../support/prometheus';

/** GET /metrics against a real store: parsed strictly, then checked value by value. */
const TOKEN = 'metrics-secret';
const HOLDER = 'web "api"\nv2\\blue';
let app: Awaited<ReturnType<typeof startTestApp>>;
let families: Map<string, PromFamily>;
let response: Response;

function sample(targetId: string, at: Date, overrides: Partial<SampleRecord> = {}): SampleRecord {
  return {
    targetId,
    at,
    maxConnections: 100,
    reservedConnections: 3,
    total: 50,
    states: { active: 20, idle: 25, idleInTransaction: 4, idleInTransactionAborted: 1 },
    waiting: 2,
    oldestXactSeconds: 12.5,
    probeLatencyMs: 1.5,
    connectLatencyMs: 3,
    commitsPerSec: 40,
    rollbacksPerSec: 0.5,
    deadlocksPerSec: 0,
    applications: [
      { name: HOLDER, clientAddr: '10.0.0.7', total: 30, active: 10, idle: 18, idleInTransaction: 2 },
      { name: 'worker', clientAddr: null, total: 5, active: 1, idle: 4, idleInTransaction: 0 },
    ],
    serverStats: {
      superuserReserved: 3,
      activity: [
        { datname: 'app', usename: 'web', applicationName: HOLDER, state: 'active', count: 20, maxTxSeconds: 12.5 },
        { datname: 'app', usename: 'web', applicationName: HOLDER, state: 'idle', count: 25, maxTxSeconds: 0 },
        { datname: 'app', usename: 'worker', applicationName: 'worker', state: 'idle in transaction', count: 5, maxTxSeconds: 3 },
      ],
      databases: [
        { datid: '0', datname: '', numbackends: 0, xactCommit: 0, xactRollback: 0, deadlocks: 0 },
        { datid: '16384', datname: 'app', numbackends: 50, xactCommit: 123456, xactRollback: 78, deadlocks: 2 },
      ],
      locks: [{ datname: 'app', mode: 'accesssharelock', count: 9 }],
    },
    error: null,
    errorCode: null,
    ...overrides,
  };
}

const refused = { error: 'refusing new connections: too many clients already (SQLSTATE 53300)', errorCode: '53300' };
const ago = (ms: number) => new Date(Date.now() - ms);

beforeAll(async () => {
  app = await startTestApp({ LIFEGUARD_ADMIN_TOKEN: TOKEN });
  const { db } = app.store;
  const production = await db.target.create({ data: { name: 'production', url: 'postgres://u@127.0.0.1/p' } });
  const staging = await db.target.create({ data: { name: 'staging', url: 'postgres://u@127.0.0.1/s' } });
  await db.target.create({ data: { name: 'empty', url: 'postgres://u@127.0.0.1/e' } });

  // Three counted refusals, one refusal too recent to count yet (5 s lag), one unreachable sample.
  for (const ms of [60_000, 59_000, 58_000]) await recordSample(db, sample(production.id, ago(ms), refused));
  await recordSample(db, sample(production.id, ago(40_000), { error: 'unreachable', errorCode: 'ECONNREFUSED' }));
  await recordSample(db, sample(production.id, ago(300), refused));
  await recordSample(db, sample(staging.id, ago(60_000)));

  const saturation = await db.alertRule.create({
    data: { name: 'Connection saturation', metric: 'usagePercent', scope: 'target', comparator: 'above', threshold: 80, forSeconds: 30, severity: 'critical' },
  });
  const waiters = await db.alertRule.create({
    data: { name: 'Pool waiters', metric: 'poolWaiting', scope: 'application', comparator: 'above', threshold: 1, forSeconds: 10, severity: 'warning' },
  });
  await db.alert.createMany({
    data: [
      { ruleId: saturation.id, targetId: production.id, state: 'firing', since: ago(10_000) },
      { ruleId: waiters.id, targetId: production.id, application: 'web', state: 'pending', since: ago(5_000) },
      { ruleId: saturation.id, targetId: staging.id, state: 'resolved', since: ago(5_000) },
    ],
  });
  const report = { application: 'web', queries: 10, errors: 0 };
  await db.poolReport.createMany({
    data: [
      { ...report, instance: 'web-1', at: ago(10_000), poolMax: 50, total: 48, idle: 2, waiting: 7 },
      { ...report, instance: 'web-1', at: ago(20_000), poolMax: 50, total: 10, idle: 9, waiting: 0 },
      { ...report, instance: 'web-2', at: ago(180_000), poolMax: 50, total: 1, idle: 1, waiting: 0 },
    ],
  });

  response = await metricsRoute.GET(request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }), noParams);
  families = parseExposition(await response.clone().text());
});

afterAll(async () => {
  await app?.stop();
});

describe('GET /metrics', () => {
  it('answers in the text exposition format 0.0.4, every family with HELP and TYPE', () => {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    for (const family of families.values()) expect(family.help, family.name).toBeTruthy();
    expect(families.get('lifeguard_connection_refusals_total')?.type).toBe('counter');
    expect(families.get('pg_up')?.type).toBe('gauge');
  });

  it('needs the token', async () => {
    const denied = await metricsRoute.GET(request('/metrics'), noParams);
    expect(denied.status).toBe(401);
  });

  it('reports each target as postgres_exporter users expect', () => {
    const production = { target: 'production' };
    expect(seriesValue(families, 'pg_up', production)).toBe(1);
    expect(seriesValue(families, 'pg_up', { target: 'staging' })).toBe(0);
    expect(seriesValue(families, 'pg_up', { target: 'empty' })).toBe(0);
    expect(seriesValue(families, 'pg_settings_max_connections', production)).toBe(100);
    expect(seriesValue(families, 'pg_settings_max_connections', { target: 'staging' })).toBeUndefined();
    expect(seriesValue(families, 'lifeguard_reserved_connections', production)).toBe(3);
    expect(seriesValue(families, 'lifeguard_usable_connections', production)).toBe(97);
    expect(seriesValue(families, 'lifeguard_connections', production)).toBe(50);
    expect(seriesValue(families, 'lifeguard_connections_usage_ratio', production)).toBeCloseTo(50 / 97, 10);
    expect(seriesValue(families, 'lifeguard_lock_waiters', production)).toBe(2);
    expect(seriesValue(families, 'lifeguard_oldest_transaction_seconds', production)).toBe(12.5);
    expect(seriesValue(families, 'lifeguard_probe_latency_seconds', production)).toBe(0.0015);
    expect(seriesValue(families, 'lifeguard_connect_latency_seconds', production)).toBe(0.003);
    expect(seriesValue(families, 'lifeguard_last_sample_timestamp_seconds', production)).toBeGreaterThan(Date.now() / 1000 - 5);
  });

  it("uses postgres_exporter's names, types and labels", () => {
    const production = { target: 'production' };
    expect(seriesValue(families, 'pg_settings_superuser_reserved_connections', production)).toBe(3);
    const web = { ...production, datname: 'app', usename: 'web', application_name: HOLDER };
    expect(seriesValue(families, 'pg_stat_activity_count', { ...web, state: 'active' })).toBe(20);
    expect(seriesValue(families, 'pg_stat_activity_max_tx_duration', { ...web, state: 'active' })).toBe(12.5);
    // Nobody in a state still gives a 0 series per database, as the exporter's LEFT JOIN does.
    const nobody = { ...production, datname: 'app', usename: '', application_name: '' };
    expect(seriesValue(families, 'pg_stat_activity_count', { ...nobody, state: 'idle in transaction (aborted)' })).toBe(0);
    expect(seriesValue(families, 'pg_stat_activity_count', { ...nobody, state: 'active' })).toBeUndefined();
    const total = families.get('pg_stat_activity_count')?.samples.filter((s) => s.labels.target === 'production').reduce((sum, s) => sum + s.value, 0);
    expect(total).toBe(50);
    const app = { ...production, datid: '16384', datname: 'app' };
    expect(seriesValue(families, 'pg_stat_database_numbackends', app)).toBe(50);
    expect(seriesValue(families, 'pg_stat_database_xact_commit', app)).toBe(123456);
    expect(seriesValue(families, 'pg_stat_database_xact_rollback', app)).toBe(78);
    expect(seriesValue(families, 'pg_stat_database_deadlocks', app)).toBe(2);
    for (const name of ['pg_stat_database_xact_commit', 'pg_stat_database_xact_rollback', 'pg_stat_database_deadlocks']) expect(families.get(name)?.type).toBe('counter');
    expect(seriesValue(families, 'pg_locks_count', { ...production, datname: 'app', mode: 'accesssharelock' })).toBe(9);
    expect(seriesValue(families, 'pg_locks_count', { ...production, datname: 'app', mode: 'exclusivelock' })).toBe(0);
    for (const name of ['pg_stat_activity_count', 'pg_settings_superuser_reserved_connections', 'pg_locks_count']) {
      expect(families.get(name)?.samples.some((s) => s.labels.target === 'staging'), name).toBe(false);
    }
  });

  it('counts refusals and says whether the target refuses now', () => {
    expect(seriesValue(families, 'lifeguard_refusing', { target: 'production' })).toBe(1);
    expect(seriesValue(families, 'lifeguard_refusing', { target: 'staging' })).toBe(0);
    expect(seriesValue(families, 'lifeguard_connection_refusals_total', { target: 'production' })).toBe(3);
    expect(seriesValue(families, 'lifeguard_connection_refusals_total', { target: 'empty' })).toBe(0);
  });

  it('names the holders, escaping their labels', () => {
    expect(seriesValue(families, 'lifeguard_connections_by_client', { target: 'production', application_name: HOLDER, client_addr: '10.0.0.7' })).toBe(30);
    expect(seriesValue(families, 'lifeguard_connections_by_client', { target: 'production', application_name: 'worker', client_addr: '' })).toBe(5);
  });

  it('exposes pending and firing alerts, one series each', () => {
    const alerts = families.get('lifeguard_alerts')?.samples ?? [];
    expect(alerts.map((s) => s.labels).sort((a, b) => (a.rule ?? '').localeCompare(b.rule ?? ''))).toEqual([
      { rule: 'Connection saturation', severity: 'critical', state: 'firing', target: 'production', application: '' },
      { rule: 'Pool waiters', severity: 'warning', state: 'pending', target: 'production', application: 'web' },
    ]);
    expect(alerts.every((s) => s.value === 1)).toBe(true);
  });

  it("shows each instance's latest recent pool report", () => {
    const web1 = { application: 'web', instance: 'web-1' };
    expect(seriesValue(families, 'lifeguard_pool_max', web1)).toBe(50);
    expect(seriesValue(families, 'lifeguard_pool_connections', web1)).toBe(48);
    expect(seriesValue(families, 'lifeguard_pool_idle_connections', web1)).toBe(2);
    expect(seriesValue(families, 'lifeguard_pool_waiting_clients', web1)).toBe(7);
    expect(seriesValue(families, 'lifeguard_pool_max', { application: 'web', instance: 'web-2' })).toBeUndefined();
  });

  it('counts new refusals once, at later scrapes', async () => {
    const { db } = app.store;
    const production = await db.target.findUniqueOrThrow({ where: { name: 'production' } });
    // A sample is keyed by (target, at) to the millisecond: step back until this one is new,
    // or it could land on the set-up's own refusal and be ignored as a duplicate.
    for (let at = ago(1_000); !(await recordSample(db, sample(production.id, at, refused))); ) at = new Date(at.getTime() - 1);
    // Ten seconds on, both recent refusals are past the counting lag; a second scrape adds nothing.
    const later = new Date(Date.now() + 10_000);
    expect((await loadMetricsData(db, later)).refusals.get(production.id)).toBe(5);
    expect((await loadMetricsData(db, later)).refusals.get(production.id)).toBe(5);
  });
});
