import 'server-only';
import type { PoolReportColumns } from '@/lib/applications/report-columns';
import type { Db } from '@/lib/store/db';

/** An instance whose last report is older than this no longer counts: it has stopped or moved. */
export const BUDGET_WINDOW_MS = 2 * 60 * 1000;

/** One instance's latest pool report, with its query rate. */
export interface LatestReport {
  application: string;
  instance: string;
  /** The target the report names, or null when the application did not say. */
  target: string | null;
  at: Date;
  poolMax: number;
  total: number;
  idle: number;
  waiting: number;
  p50Ms: number | null;
  /** The report's queries over the time since that instance's previous report; null for its first. */
  queriesPerSec: number | null;
  guarded: boolean;
  allowance: number | null;
}

type ReportRow = Pick<PoolReportColumns, 'application' | 'instance' | 'target' | 'at' | 'pool_max' | 'total' | 'idle' | 'waiting' | 'p50_ms' | 'guarded' | 'allowance'> & {
  queries_per_sec: number | null;
};

/**
 * Every instance's latest pool report naming the target (or no target) in the budget window
 * before `at`: what the budget, the allowances and the finding's causes all count, so they agree
 * on it. `live`: no upper bound, since an application's clock may run a little ahead.
 */
export async function latestReports(db: Db, targetName: string, at: Date, live: boolean): Promise<LatestReport[]> {
  const since = new Date(at.getTime() - BUDGET_WINDOW_MS);
  const until = live ? null : at;
  // DISTINCT ON walks the (application, instance, at) unique index; lag() sees the rows in the window.
  const rows = await db.$queryRaw<ReportRow[]>`
    SELECT DISTINCT ON (application, instance) application, instance, target, at, pool_max, total, idle, waiting, p50_ms, guarded, allowance,
           queries / nullif(extract(epoch FROM at - lag(at) OVER (PARTITION BY application, instance ORDER BY at)), 0)::float8 AS queries_per_sec
    FROM pool_reports
    WHERE at >= ${since}::timestamptz AND (${until}::timestamptz IS NULL OR at <= ${until}::timestamptz)
      AND (target = ${targetName} OR target IS NULL)
    ORDER BY application, instance, at DESC`;
  return rows.map((row) => ({
    application: row.application,
    instance: row.instance,
    target: row.target,
    at: row.at,
    poolMax: row.pool_max,
    total: row.total,
    idle: row.idle,
    waiting: row.waiting,
    p50Ms: row.p50_ms,
    queriesPerSec: row.queries_per_sec,
    guarded: row.guarded,
    allowance: row.allowance,
  }));
}
