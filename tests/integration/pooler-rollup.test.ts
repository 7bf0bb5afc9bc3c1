import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollupPoolerOnce } from '@/lib/pooler/rollup';
import { queryPoolSeries } from '@/lib/pooler/series';
import type { PoolSeries } from '@/lib/pooler/types';
import { pruneAll } from '@/lib/retention/prune';
import { retentionPolicy } from '@/lib/retention/policy';
import { loadConfig } from '@/lib/config';
import { startTestStore, type TestStore } from '../support/postgres';

/** PgBouncer pools over long ranges: minute rollups read the same peaks as the raw samples, also once those are pruned. */
let store: TestStore;
let targetId: string;
const T0 = Math.floor(Date.now() / 3600_000) * 3600_000 - 4 * 3600_000;
const SECONDS = 3 * 3600;

beforeAll(async () => {
  store = await startTestStore();
  targetId = (await store.db.target.create({ data: { name: 'bouncer', kind: 'pgbouncer', url: 'postgres://u@127.0.0.1/pgbouncer' } })).id;
  await store.db.$executeRaw`
    INSERT INTO pooler_samples (target_id, at, database, "user", cl_active, cl_waiting, sv_active, sv_idle, sv_used, max_wait_seconds, queries_per_sec)
    SELECT ${targetId}::uuid, to_timestamp((${T0}::bigint + s * 1000) / 1000.0), db, 'app', s % 17, CASE WHEN s % 300 = 7 THEN 40 ELSE 0 END, s % 5, 1, 0,
           CASE WHEN s % 300 = 7 THEN 2.5 ELSE 0 END, s % 10
    FROM generate_series(0, ${SECONDS - 1}) s, unnest(ARRAY['orders', 'billing']) db`;
});
afterAll(async () => {
  await store?.stop();
});

const threeHours = (rawRetentionMs?: number) => queryPoolSeries(store.db, { targetId, from: T0, to: T0 + SECONDS * 1000, points: 90, rawRetentionMs });

describe('PgBouncer pool rollups', () => {
  let raw: PoolSeries;

  it('serves the same peaks from minute rollups as from raw samples, and after the raw samples are pruned', async () => {
    raw = await threeHours();
    expect(raw.stepMs).toBe(120_000);
    expect(raw.pools.map((pool) => [pool.database, pool.rows.length])).toEqual([['billing', 90], ['orders', 90]]);
    // Every 5-minute burst of 40 waiting clients is in its bucket, not averaged away.
    expect(raw.pools[0]?.rows.filter(([, , waiting]) => waiting === 40)).toHaveLength(36);
    expect(await rollupPoolerOnce(store.db, { now: new Date(T0 + SECONDS * 1000), maxSpanMs: 24 * 3600_000 })).toBe(2 * 180);
    expect(await threeHours()).toEqual(raw);
    // One clock for the policy and the prune: a millisecond between two Date.now() calls moved the
    // cutoff past the sample at exactly T0 + 1 h, and the prune took 2 rows more than the first hour.
    const now = new Date();
    const policy = { ...retentionPolicy(loadConfig({})), poolerMs: now.getTime() - (T0 + 3600_000) };
    expect((await pruneAll(store.db, policy, { now })).poolerSamples).toBe(2 * 3600);
    expect(await threeHours()).toEqual(raw);
    // A short range older than raw retention is read from the rollups, at whole minutes.
    const old = await queryPoolSeries(store.db, { targetId, from: T0, to: T0 + 600_000, points: 300, rawRetentionMs: policy.poolerMs });
    expect(old.stepMs).toBe(60_000);
    expect(old.pools[1]?.rows.map(([at, clActive]) => [at, clActive])).toEqual(Array.from({ length: 10 }, (_, i) => [T0 + i * 60_000, 16]));
  });
});
