import 'server-only';
import type { Db } from '@/lib/store/db';
import { bucketWidth } from '@/lib/samples/series';
import { POOL_SERIES_METRICS, type LatestPools, type PoolSeries, type PoolSeriesRow } from './types';

interface BucketRow {
  database: string;
  user: string;
  bucket: number;
  cl_active: number;
  cl_waiting: number;
  sv_active: number;
  sv_idle: number;
  max_wait_seconds: number;
}

/**
 * Every pool of one PgBouncer target over [from, to), bucketed in SQL into at most `points`
 * buckets per pool, in one query. Each bucket keeps the *peak* of each figure: waiting clients
 * come in bursts of a second or two, which an average over a wide bucket would flatten away.
 */
export async function queryPoolSeries(db: Db, query: { targetId: string; from: number; to: number; points: number }): Promise<PoolSeries> {
  const start = Math.floor(query.from);
  const end = Math.ceil(query.to);
  const stepMs = bucketWidth(start, end, query.points);
  const rows = await db.$queryRaw<BucketRow[]>`
    SELECT database, "user",
           (${start}::bigint + floor((extract(epoch FROM at) * 1000 - ${start}::bigint) / ${stepMs}::bigint)::bigint * ${stepMs}::bigint)::float8 AS bucket,
           max(cl_active)::float8 AS cl_active, max(cl_waiting)::float8 AS cl_waiting,
           max(sv_active)::float8 AS sv_active, max(sv_idle)::float8 AS sv_idle,
           max(max_wait_seconds)::float8 AS max_wait_seconds
    FROM pooler_samples
    WHERE target_id = ${query.targetId}::uuid AND at >= ${new Date(start)} AND at < ${new Date(end)}
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
  const pools = new Map<string, PoolSeries['pools'][number]>();
  for (const row of rows) {
    const key = `${row.database}\u0000${row.user}`;
    const pool = pools.get(key) ?? { database: row.database, user: row.user, rows: [] };
    const values: PoolSeriesRow = [Number(row.bucket), row.cl_active, row.cl_waiting, row.sv_active, row.sv_idle, round(row.max_wait_seconds)];
    pool.rows.push(values);
    pools.set(key, pool);
  }
  return { from: start, to: end, stepMs, metrics: [...POOL_SERIES_METRICS], pools: [...pools.values()] };
}

/** The pools of the target's latest PgBouncer sample (a pool that went away is not in it). */
export async function latestPools(db: Db, targetId: string): Promise<LatestPools> {
  const newest = await db.poolerSample.findFirst({ where: { targetId }, orderBy: { at: 'desc' }, select: { at: true } });
  if (!newest) return { targetId, at: null, pools: [] };
  const rows = await db.poolerSample.findMany({ where: { targetId, at: newest.at }, orderBy: [{ database: 'asc' }, { user: 'asc' }] });
  return {
    targetId,
    at: newest.at.toISOString(),
    pools: rows.map((row) => ({
      database: row.database,
      user: row.user,
      clActive: row.clActive,
      clWaiting: row.clWaiting,
      svActive: row.svActive,
      svIdle: row.svIdle,
      svUsed: row.svUsed,
      maxWaitSeconds: row.maxWaitSeconds,
      avgQueryMs: row.avgQueryMs,
      avgWaitMs: row.avgWaitMs,
      queriesPerSec: row.queriesPerSec,
    })),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
