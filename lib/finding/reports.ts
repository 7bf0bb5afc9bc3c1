import 'server-only';
import { latestReports } from '../budget/latest-reports';
import { NEW_BACKEND_WINDOW_SECONDS } from '../collector/sample-query';
import type { Db } from '../store/db';
import type { InstanceFigures } from './causes/types';

/** An instance's latest report, as the finding lists it and the causes read it. */
export interface ReportedInstance extends InstanceFigures {
  waiting: number;
  at: Date;
}

/** How far back "normal" looks for new connections, and the recent stretch it leaves out (the storm itself). */
const NORMAL_WINDOW_MS = 10 * 60 * 1000;
const NORMAL_GAP_MS = 60 * 1000;
const NORMAL_MIN_SAMPLES = 10;

/** Every instance's latest pool report before `at` that counts against the target (lib/budget/latest-reports.ts), as the finding lists it. */
export async function instanceReports(db: Db, targetName: string, at: Date, live: boolean): Promise<ReportedInstance[]> {
  const reports = await latestReports(db, targetName, at, live);
  // Without guarded and allowance: the over-budget cause hands these to computeBudget, and the finding does not speak of guards.
  return reports.map(({ application, instance, target, poolMax, total, idle, waiting, queriesPerSec, p50Ms, at }) => ({ application, instance, target, poolMax, total, idle, waiting, queriesPerSec, p50Ms, at }));
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
