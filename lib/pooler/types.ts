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

/** One [databases] entry of a PgBouncer, from SHOW DATABASES (the admin console's own left out). */
export interface PoolerDatabase {
  /** The name clients connect to. */
  name: string;
  /** The server it points at (host null: a Unix socket). */
  host: string | null;
  port: number | null;
  /** The database's name on that server. */
  database: string;
  /** The user every client of it is logged in as on the server, or null (each client's own). */
  forceUser: string | null;
  /** Server connections per (database, user) pool, and the extra ones reserve_pool_size allows. */
  poolSize: number;
  reservePool: number;
  /** max_db_connections: every pool of this database together; 0 = no limit. */
  maxDbConnections: number;
  paused: boolean;
  disabled: boolean;
}

/** A PgBouncer's limits as the collector reads them each tick (stored in pooler_configs when they change). */
export interface PoolerConfigReading {
  maxClientConn: number | null;
  databases: PoolerDatabase[];
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
