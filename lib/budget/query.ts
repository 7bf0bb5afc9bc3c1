import 'server-only';
import type { Db } from '@/lib/store/db';
import type { ApplicationHolders } from '@/lib/samples/types';
import { getTarget } from '@/lib/targets/targets';
import { computeBudget, type Budget, type InstanceReport } from './budget';

/** An instance whose last report is older than this no longer counts: it has stopped or moved. */
export const BUDGET_WINDOW_MS = 2 * 60 * 1000;

interface SampleRow {
  at: Date;
  max_connections: number;
  reserved_connections: number | null;
  applications: ApplicationHolders[] | null;
}

/** The budget answer, with the time of the sample it compares against (null without one). */
export type TargetBudget = Budget & { sampleAt: string | null };

/**
 * The connection budget of one target (GET /api/targets/{id}/budget). Usable connections come
 * from the latest sample that has figures: max_connections does not change while a target is
 * briefly unreachable, and the budget matters most exactly then.
 */
export async function targetBudget(db: Db, targetId: string, now = new Date()): Promise<TargetBudget> {
  const target = await getTarget(db, targetId);
  const since = new Date(now.getTime() - BUDGET_WINDOW_MS);
  const [samples, reports] = await Promise.all([
    db.$queryRaw<SampleRow[]>`
      SELECT at, max_connections, reserved_connections, applications FROM samples
      WHERE target_id = ${target.id}::uuid AND max_connections IS NOT NULL
      ORDER BY at DESC LIMIT 1`,
    // Latest per instance: DISTINCT ON walks the (application, instance, at) unique index.
    db.$queryRaw<{ application: string; instance: string; target: string | null; pool_max: number; total: number }[]>`
      SELECT DISTINCT ON (application, instance) application, instance, target, pool_max, total FROM pool_reports
      WHERE at >= ${since}::timestamptz AND (target = ${target.name} OR target IS NULL)
      ORDER BY application, instance, at DESC`,
  ]);
  const sample = samples[0];
  const budget = computeBudget({
    targetName: target.name,
    usable: sample ? sample.max_connections - (sample.reserved_connections ?? 0) : null,
    holders: sample?.applications ?? [],
    reports: reports.map(
      (row): InstanceReport => ({ application: row.application, instance: row.instance, target: row.target, poolMax: row.pool_max, total: row.total }),
    ),
  });
  return { ...budget, sampleAt: sample ? sample.at.toISOString() : null };
}
