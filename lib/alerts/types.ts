import type { PoolFigures } from 'pg-lifeguard';
import type { ApplicationHolders } from '../samples/types';

/**
 * What one evaluation round reads from the store, as plain values (epoch ms for times), so the
 * metric computations and the planning of a round are pure and tested without a database.
 */

export interface RoundTarget {
  id: string;
  name: string;
  intervalMs: number;
  createdAt: number;
  /** 'postgres' (when absent) or 'pgbouncer'. */
  kind?: string;
}

/** The figures of a target's latest sample that rules look at. */
export interface LatestSample {
  at: number;
  total: number | null;
  maxConnections: number | null;
  reservedConnections: number | null;
  waiting: number | null;
  oldestXactSeconds: number | null;
  applications: ApplicationHolders[];
  error: string | null;
  errorCode: string | null;
}

/** One point of `total` with the usable connections of the same sample. */
export interface TotalPoint {
  at: number;
  total: number;
  usable: number | null;
}

/** The latest pool report of one application instance (last 2 minutes). */
export interface InstanceReportRow extends PoolFigures {
  application: string;
  instance: string;
  target: string | null;
  at: number;
  p95Ms: number | null;
}

/** A PgBouncer target's pools at its latest pooler sample, summed over (database, user). */
export interface PoolerLatest {
  at: number;
  /** Σ cl_waiting: clients queued for a server connection. */
  clWaiting: number;
  /** The oldest waiting client's wait, in seconds, over every pool. */
  maxWaitSeconds: number;
}

/** Everything a rule may look at for one target. */
export interface TargetData {
  target: RoundTarget;
  latest: LatestSample | null;
  /** `total` over the last 60 s, oldest first. */
  totals: TotalPoint[];
  /** The instances whose reports count against this target (see lib/budget reportsForTarget). */
  reports: InstanceReportRow[];
  /** pgbouncer targets only; null before the first pooler sample. */
  pooler?: PoolerLatest | null;
}
