import { describe, expect, it } from 'vitest';
import { computeBudget } from '@/lib/budget/budget';
import { computePoolerBudget, type PoolerBudgetInput } from '@/lib/pooler/budget';
import type { PoolerDatabase } from '@/lib/pooler/types';

const entry = (name: string, extra: Partial<PoolerDatabase> = {}): PoolerDatabase => ({
  name, host: '10.0.0.9', port: 5432, database: name, forceUser: null, poolSize: 25, reservePool: 5, maxDbConnections: 0, paused: false, disabled: false, ...extra,
});
const production = { name: 'production', usable: 97, address: { host: '10.0.0.9', port: 5432, database: 'orders' } };
/** Pools seen in the latest sample: `users` users on database `db`. */
const poolsOf = (db: string, users: number) => Array.from({ length: users }, (_, i) => ({ database: db, user: `user${i}` }));

function budget(input: Partial<PoolerBudgetInput>) {
  return computePoolerBudget({ targetName: 'pgbouncer', databases: [], pools: [], backend: production, ...input });
}

describe('the pooler budget: its pools against the database behind it', () => {
  it('sums pool_size + reserve_pool over every pool that can reach the database, and flags it past usable', () => {
    const result = budget({ databases: [entry('orders'), entry('reports')], pools: [...poolsOf('orders', 5), ...poolsOf('reports', 3)] });
    expect(result).toMatchObject({ committed: 240, usable: 97, overCommitted: true, backendName: 'production' });
    expect(result.explanation).toBe('pgbouncer: 8 pools × (25 + 5 reserve) = 240 > 97 usable on production');
    expect(result.databases.map((d) => [d.database, d.pools, d.committed])).toEqual([['orders', 5, 150], ['reports', 3, 90]]);
  });

  it('counts one pool for a database with force_user, even before any client came', () => {
    const result = budget({ databases: [entry('orders', { forceUser: 'app', poolSize: 20, reservePool: 0 })] });
    expect(result.explanation).toBe('pgbouncer: 1 pool × 20 = 20 ≤ 97 usable on production');
    expect(result.overCommitted).toBe(false);
  });

  it('caps a database at max_db_connections and spells the terms out when databases differ', () => {
    const result = budget({
      databases: [entry('orders', { maxDbConnections: 60 }), entry('reports', { poolSize: 10, reservePool: 0, forceUser: 'ro' })],
      pools: poolsOf('orders', 4),
    });
    expect(result.committed).toBe(70);
    expect(result.explanation).toBe('pgbouncer: orders min(4 pools × (25 + 5 reserve), max_db_connections 60) + reports 1 pool × 10 = 70 ≤ 97 usable on production');
  });

  it('leaves out entries pointing at another server, and counts every entry when none names the backend', () => {
    const other = entry('analytics', { host: 'warehouse.internal', forceUser: 'bi' });
    expect(budget({ databases: [entry('orders', { forceUser: 'app' }), other] }).committed).toBe(30);
    const byName = budget({ databases: [entry('orders', { host: 'db.internal', forceUser: 'app' })] });
    expect(byName.committed).toBe(30);
    expect(byName.explanation).toContain('(no [databases] entry names 10.0.0.9:5432: every entry counted)');
    // A Unix socket or any loopback name is the same local server.
    const local = budget({ databases: [entry('orders', { host: null, forceUser: 'app' })], backend: { ...production, address: { host: 'localhost', port: 5432, database: 'orders' } } });
    expect(local.explanation).not.toContain('every entry counted');
  });

  it('says what it cannot compare with yet', () => {
    expect(budget({ databases: null }).explanation).toBe('pgbouncer: pool sizes not read yet (no sample of the pooler)');
    expect(budget({ databases: [entry('orders', { forceUser: 'app' })], backend: null })).toMatchObject({
      overCommitted: false,
      explanation: 'pgbouncer: 1 pool × (25 + 5 reserve) = 30; no database behind it registered to compare with (backendTargetId)',
    });
    expect(budget({ databases: [entry('orders', { forceUser: 'app' })], backend: { ...production, usable: null } }).explanation).toBe(
      'pgbouncer: 1 pool × (25 + 5 reserve) = 30; usable connections of production unknown (no sample of it yet)',
    );
  });
});

describe("max_client_conn against the applications' pools", () => {
  it('compares the reported pool totals with max_client_conn in the same words as the server budget', () => {
    const reports = Array.from({ length: 16 }, (_, i) => ({ application: 'web', instance: `web-${i + 1}`, target: 'orders-bouncer', poolMax: 1, total: 1 }));
    const result = computeBudget({ targetName: 'orders-bouncer', usable: 12, limitLabel: 'max_client_conn', holders: [], reports });
    expect(result).toMatchObject({ limitLabel: 'max_client_conn', committed: 16, overCommitted: true, explanation: 'web: 16 instances × pool max 1 = 16 > 12 max_client_conn' });
  });
});
