import { describe, expect, it } from 'vitest';
import { countersFromRow, databaseRates, databasesFromRows, holdersFromClients, maxClientConnFromConfig, poolFromRow, summarisePools } from '@/lib/collector/pgbouncer-rows';
import { chooseProbeDatabase, pooledDatabaseUrl } from '@/lib/collector/pgbouncer-probe';
import { metricAppliesTo, METRIC_REGISTRY } from '@/lib/alerts/rule-metrics';
import type { TargetData } from '@/lib/alerts/types';

/** A SHOW POOLS row as PgBouncer 1.18 sends it through node-pg (int4 as numbers). */
const poolRow = {
  database: 'appdb', user: 'app', cl_active: 2, cl_waiting: 3, cl_active_cancel_req: 0, cl_waiting_cancel_req: 1,
  sv_active: 2, sv_active_cancel: 0, sv_being_canceled: 0, sv_idle: 0, sv_used: 1, sv_tested: 0, sv_login: 0,
  maxwait: 4, maxwait_us: 250_000, pool_mode: 'transaction',
};

describe('SHOW POOLS mapping', () => {
  it('maps a row, counting cancel requests as clients and adding maxwait_us to maxwait', () => {
    expect(poolFromRow(poolRow)).toEqual({ database: 'appdb', user: 'app', clActive: 2, clWaiting: 4, svActive: 2, svIdle: 0, svUsed: 1, maxWaitSeconds: 4.25 });
  });

  it('takes int8 strings and missing columns (older PgBouncers)', () => {
    expect(poolFromRow({ database: 'd', user: 'u', cl_active: '7', cl_waiting: '0', sv_active: '1', sv_idle: '2', sv_used: '0', maxwait: '0' }))
      .toEqual({ database: 'd', user: 'u', clActive: 7, clWaiting: 0, svActive: 1, svIdle: 2, svUsed: 0, maxWaitSeconds: 0 });
  });

  it('summarises clients against max_client_conn, the console session included', () => {
    const pools = [poolFromRow(poolRow), poolFromRow({ database: 'pgbouncer', user: 'pgbouncer', cl_active: 1 })];
    expect(summarisePools(pools, 100)).toEqual({
      maxConnections: 100,
      reservedConnections: 0,
      total: 7,
      states: { active: 3, idle: 0, idleInTransaction: 0, idleInTransactionAborted: 0 },
      waiting: 4,
    });
    expect(summarisePools([], null)).toMatchObject({ maxConnections: null, reservedConnections: null, total: 0 });
  });

  it('reads max_client_conn from SHOW CONFIG', () => {
    expect(maxClientConnFromConfig([{ key: 'listen_port', value: '6432' }, { key: 'max_client_conn', value: '250' }])).toBe(250);
    expect(maxClientConnFromConfig([])).toBeNull();
  });
});

describe('SHOW STATS rates', () => {
  const stats = (at: number, queries: string, queryUs: string, xacts: string, waitUs: string) =>
    countersFromRow({ database: 'appdb', total_query_count: queries, total_query_time: queryUs, total_xact_count: xacts, total_wait_time: waitUs, avg_query_time: '1500', avg_wait_time: '800' }, at);

  it("falls back to PgBouncer's own averages (µs → ms) without a previous sample", () => {
    expect(databaseRates(undefined, stats(1000, '10', '0', '10', '0'))).toEqual({ avgQueryMs: 1.5, avgWaitMs: 0.8, queriesPerSec: null });
  });

  it('computes the interval figures from the counters', () => {
    expect(databaseRates(stats(0, '100', '1000000', '50', '0'), stats(2000, '300', '1400000', '150', '500000'))).toEqual({ avgQueryMs: 2, avgWaitMs: 5, queriesPerSec: 100 });
  });

  it('has no average for an interval without queries, and no rate across a restart', () => {
    expect(databaseRates(stats(0, '5', '10', '5', '0'), stats(1000, '5', '10', '5', '0'))).toEqual({ avgQueryMs: null, avgWaitMs: null, queriesPerSec: 0 });
    expect(databaseRates(stats(0, '500', '10', '5', '0'), stats(1000, '3', '10', '1', '0')).queriesPerSec).toBeNull();
  });
});

describe('pooler alert metrics', () => {
  const NOW = 1_000_000;
  const data = (fields: Partial<TargetData>): TargetData => ({
    target: { id: 't', name: 'bouncer', intervalMs: 1000, createdAt: 0, kind: 'pgbouncer' },
    latest: null,
    totals: [],
    reports: [],
    ...fields,
  });
  const value = (metric: 'poolerWaiting' | 'poolerMaxWaitSeconds', target: TargetData) => {
    const definition = METRIC_REGISTRY[metric];
    if (definition.scope !== 'target') throw new Error('target metric');
    return definition.value(target, NOW);
  };

  it('applies to pgbouncer targets only', () => {
    expect(metricAppliesTo('poolerWaiting', 'pgbouncer')).toBe(true);
    expect(metricAppliesTo('poolerWaiting', 'postgres')).toBe(false);
    expect(metricAppliesTo('poolerMaxWaitSeconds', undefined)).toBe(false);
    expect(metricAppliesTo('usagePercent', 'pgbouncer')).toBe(true);
  });

  it('reads the latest pools, and has no data once they are older than the latest sample', () => {
    const latest = { at: NOW, total: null, maxConnections: null, reservedConnections: null, waiting: null, oldestXactSeconds: null, applications: [], error: 'gone', errorCode: 'ECONNREFUSED' };
    expect(value('poolerWaiting', data({ pooler: { at: NOW, clWaiting: 3, maxWaitSeconds: 6 } }))).toBe(3);
    expect(value('poolerMaxWaitSeconds', data({ pooler: { at: NOW, clWaiting: 3, maxWaitSeconds: 6 } }))).toBe(6);
    expect(value('poolerWaiting', data({ latest, pooler: { at: NOW - 1000, clWaiting: 3, maxWaitSeconds: 6 } }))).toBeNull();
    expect(value('poolerWaiting', data({ pooler: null }))).toBeNull();
  });
});

/** SHOW CLIENTS rows as PgBouncer 1.18 sends them (the columns Lifeguard reads). */
const client = (application_name: string, addr: string, state: string, link = '') => ({ type: 'C', user: 'app', database: 'appdb', state, addr, port: 40000, link, application_name });

describe('SHOW CLIENTS: who holds the pooler', () => {
  it('groups clients by application_name × address, as pg_stat_activity holders are', () => {
    const rows = [
      ...Array.from({ length: 9 }, () => client('web', '10.0.0.7', 'active')),
      client('web', '10.0.0.7', 'active', '0x55f9337ce7f0'),
      client('web', '10.0.0.7', 'waiting'),
      client('web', '10.0.0.8', 'active'),
      client('', 'unix', 'active'),
      { ...client('lifeguard', '127.0.0.1', 'active'), database: 'pgbouncer', user: 'lifeguard_monitor' },
    ];
    expect(holdersFromClients(rows)).toEqual([
      { name: 'web', clientAddr: '10.0.0.7', total: 11, active: 1, idle: 9, idleInTransaction: 0, waiting: 1 },
      { name: '', clientAddr: null, total: 1, active: 0, idle: 1, idleInTransaction: 0, waiting: 0 },
      { name: 'lifeguard', clientAddr: '127.0.0.1', total: 1, active: 0, idle: 1, idleInTransaction: 0, waiting: 0 },
      { name: 'web', clientAddr: '10.0.0.8', total: 1, active: 0, idle: 1, idleInTransaction: 0, waiting: 0 },
    ]);
    expect(holdersFromClients([])).toEqual([]);
  });
});

/** A SHOW DATABASES row of PgBouncer 1.18. */
const dbRow = (name: string, extra: Record<string, unknown> = {}) => ({
  name, host: '127.0.0.1', port: 5432, database: name, force_user: 'app', pool_size: 20, min_pool_size: 0, reserve_pool: 0,
  pool_mode: null, max_connections: 0, current_connections: 0, paused: 0, disabled: 0, ...extra,
});

describe('SHOW DATABASES and the probe database', () => {
  it('maps the [databases] entries, leaving the admin console out', () => {
    const rows = [dbRow('appdb', { database: 'orders', reserve_pool: 5, max_connections: 50 }), dbRow('reports', { host: null, force_user: null, disabled: 1 }), dbRow('pgbouncer', { host: null, port: 6432 })];
    expect(databasesFromRows(rows)).toEqual([
      { name: 'appdb', host: '127.0.0.1', port: 5432, database: 'orders', forceUser: 'app', poolSize: 20, reservePool: 5, maxDbConnections: 50, paused: false, disabled: false },
      { name: 'reports', host: null, port: 5432, database: 'reports', forceUser: null, poolSize: 20, reservePool: 0, maxDbConnections: 0, paused: false, disabled: true },
    ]);
  });

  it('probes the configured database, else the entry leading to the backend, else the first one', () => {
    const entries = databasesFromRows([dbRow('cache', { database: 'cache' }), dbRow('app-ro', { database: 'orders', port: 5433 }), dbRow('app', { database: 'orders' })]);
    const backend = { host: 'localhost', port: 5432, database: 'orders' };
    expect(chooseProbeDatabase(entries, 'cache', backend)).toBe('cache');
    expect(chooseProbeDatabase(entries, null, backend)).toBe('app');
    expect(chooseProbeDatabase(entries, null, { ...backend, host: 'db.internal', port: 6543 })).toBe('app-ro');
    expect(chooseProbeDatabase(entries, null, null)).toBe('cache');
    // Only a `*` fallback (not listed by SHOW DATABASES): the backend's own database name.
    expect(chooseProbeDatabase([], null, backend)).toBe('orders');
    expect(chooseProbeDatabase([], null, null)).toBeNull();
  });

  it('connects the probe as the console user to the pooled database', () => {
    expect(pooledDatabaseUrl('postgres://mon:s%40cret@10.0.0.5:6432/pgbouncer?sslmode=disable', 'app db')).toBe('postgres://mon:s%40cret@10.0.0.5:6432/app%20db?sslmode=disable');
  });
});
