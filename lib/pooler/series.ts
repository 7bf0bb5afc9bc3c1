import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Db } from '@/lib/store/db';
import { config } from '@/lib/config';
import { planSeries } from '@/lib/samples/series';
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
 * Like the target series (planSeries), ranges beyond raw retention or at buckets of a minute or
 * more read the minute rollups, with the minutes not rolled up yet read from raw samples; a peak
 * of peaks is the same peak, so a bucket reads the same from either source.
 */
export async function queryPoolSeries(
  db: Db,
  query: { targetId: string; from: number; to: number; points: number; now?: number; rawRetentionMs?: number },
): Promise<PoolSeries> {
  const retentionMs = query.rawRetentionMs ?? config().poolerRetentionHours * 3600_000;
  const { source, from: start, to: end, stepMs } = planSeries(query.from, query.to, query.points, (query.now ?? Date.now()) - retentionMs);
  const [first, last] = [new Date(start), new Date(end)];
  const columns = Prisma.sql`database, "user", cl_active, cl_waiting, sv_active, sv_idle, max_wait_seconds`;
  const rowsSql =
    source === 'raw'
      ? Prisma.sql`SELECT at, ${columns} FROM pooler_samples WHERE target_id = ${query.targetId}::uuid AND at >= ${first} AND at < ${last}`
      : Prisma.sql`
          WITH mark AS (
            SELECT coalesce(max(bucket) + interval '1 minute', '-infinity'::timestamptz) AS until
            FROM pooler_sample_rollups WHERE target_id = ${query.targetId}::uuid
          )
          SELECT bucket AS at, ${columns} FROM pooler_sample_rollups, mark
          WHERE target_id = ${query.targetId}::uuid AND bucket >= ${first} AND bucket < least(${last}::timestamptz, mark.until)
          UNION ALL
          SELECT at, ${columns} FROM pooler_samples, mark
          WHERE target_id = ${query.targetId}::uuid AND at >= greatest(${first}::timestamptz, mark.until) AND at < ${last}`;
  const rows = await db.$queryRaw<BucketRow[]>`
    SELECT database, "user",
           (${start}::bigint + floor((extract(epoch FROM at) * 1000 - ${start}::bigint) / ${stepMs}::bigint)::bigint * ${stepMs}::bigint)::float8 AS bucket,
           max(cl_active)::float8 AS cl_active, max(cl_waiting)::float8 AS cl_waiting,
           max(sv_active)::float8 AS sv_active, max(sv_idle)::float8 AS sv_idle,
           max(max_wait_seconds)::float8 AS max_wait_seconds
    FROM (${rowsSql}) pools
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
