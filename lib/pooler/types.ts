/** PgBouncer pool figures as stored and served (lib/collector/pgbouncer-rows.ts maps the console). */

/** One (database, user) pool at one moment, as read from SHOW POOLS. */
export interface PoolFigures {
  database: string;
  user: string;
  clActive: number;
  clWaiting: number;
  svActive: number;
  svIdle: number;
  svUsed: number;
  /** Age of the oldest waiting client: maxwait + maxwait_us, in seconds. */
  maxWaitSeconds: number;
}

/** A database's figures over the interval since the previous sample (SHOW STATS). */
export interface PoolRates {
  avgQueryMs: number | null;
  avgWaitMs: number | null;
  queriesPerSec: number | null;
}

/** One pool at one moment, as stored in pooler_samples. */
export type PoolerRow = PoolFigures & PoolRates;

/** GET /api/targets/{id}/pools/latest: the pools of the latest sample. */
export interface LatestPools {
  targetId: string;
  /** ISO 8601; null before the first sample. */
  at: string | null;
  pools: PoolerRow[];
}

export const POOL_SERIES_METRICS = ['clActive', 'clWaiting', 'svActive', 'svIdle', 'maxWaitSeconds'] as const;
export type PoolSeriesMetric = (typeof POOL_SERIES_METRICS)[number];

/** One pool's buckets: [epochMs, clActive, clWaiting, svActive, svIdle, maxWaitSeconds]. */
export type PoolSeriesRow = [epochMs: number, clActive: number, clWaiting: number, svActive: number, svIdle: number, maxWaitSeconds: number];

/** GET /api/targets/{id}/pools: per (database, user), at most `points` buckets each. */
export interface PoolSeries {
  from: number;
  to: number;
  stepMs: number;
  metrics: PoolSeriesMetric[];
  pools: { database: string; user: string; rows: PoolSeriesRow[] }[];
}
