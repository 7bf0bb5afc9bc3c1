import 'server-only';
import { BUDGET_WINDOW_MS } from '../budget/query';
import { NEW_BACKEND_WINDOW_SECONDS } from '../collector/sample-query';
import type { Db } from '../store/db';
import type { InstanceFigures } from './causes/types';

/** An instance's latest report, as the finding lists it and the causes read it. */
export interface ReportedInstance extends InstanceFigures {
  waiting: number;
  at: Date;
}

interface ReportRow {
  application: string;
  instance: string;
  target: string | null;
  pool_max: number;
  total: number;
  idle: number;
  waiting: number;
  p50_ms: number | null;
  queries_per_sec: number | null;
  at: Date;
}

/** How far back "normal" looks for new connections, and the recent stretch it leaves out (the storm itself). */
const NORMAL_WINDOW_MS = 10 * 60 * 1000;
const NORMAL_GAP_MS = 60 * 1000;
const NORMAL_MIN_SAMPLES = 10;

/**
 * Every instance's latest pool report naming the target (or no target) in the budget window
 * before `at`, with its query rate: the report's queries over the time since that instance's
 * previous report. `live`: no upper bound, since an application's clock may run a little ahead.
 */
export async function instanceReports(db: Db, targetName: string, at: Date, live: boolean): Promise<ReportedInstance[]> {
  const since = new Date(at.getTime() - BUDGET_WINDOW_MS);
  const until = live ? null : at;
  // DISTINCT ON walks the (application, instance, at) unique index; lag() sees the rows in the window.
  const rows = await db.$queryRaw<ReportRow[]>`
    SELECT DISTINCT ON (application, instance) application, instance, target, pool_max, total, idle, waiting, p50_ms, at,
           queries / nullif(extract(epoch FROM at - lag(at) OVER (PARTITION BY application, instance ORDER BY at)), 0)::float8 AS queries_per_sec
    FROM pool_reports
    WHERE at >= ${since}::timestamptz AND (${until}::timestamptz IS NULL OR at <= ${until}::timestamptz)
      AND (target = ${targetName} OR target IS NULL)
    ORDER BY application, instance, at DESC`;
  return rows.map((row) => ({
    application: row.application,
    instance: row.instance,
    target: row.target,
    poolMax: row.pool_max,
    total: row.total,
    idle: row.idle,
    waiting: row.waiting,
    queriesPerSec: row.queries_per_sec,
    p50Ms: row.p50_ms,
    at: row.at,
  }));
}

/**
 * The target's usual rate of new connections per second before `at`: the median over the ten
 * minutes before, leaving out the last minute (where a storm would be); null with too few samples.
 */
export async function normalNewBackendsPerSec(db: Db, targetId: string, at: Date): Promise<number | null> {
  const rows = await db.$queryRaw<{ median: number | null; samples: number }[]>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY new_backends)::float8 AS median, count(*)::int AS samples
    FROM samples
    WHERE target_id = ${targetId}::uuid AND new_backends IS NOT NULL
      AND at >= ${new Date(at.getTime() - NORMAL_WINDOW_MS)}::timestamptz AND at < ${new Date(at.getTime() - NORMAL_GAP_MS)}::timestamptz`;
  const row = rows[0];
  if (!row || row.median === null || row.samples < NORMAL_MIN_SAMPLES) return null;
  return row.median / NEW_BACKEND_WINDOW_SECONDS;
}
