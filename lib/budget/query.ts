import 'server-only';
import type { Db } from '@/lib/store/db';
import type { ApplicationHolders } from '@/lib/samples/types';
import { poolerBudgetsFor, type TargetPoolerBudget } from '@/lib/pooler/budget-query';
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

/**
 * The budget answer, with the time of the sample it compares against (null without one), and the
 * PgBouncer budgets that concern the target (a pooler's own; the poolers in front of a database).
 */
export type TargetBudget = Budget & { sampleAt: string | null; poolers: TargetPoolerBudget[] };

/**
 * The connection budget of one target (GET /api/targets/{id}/budget). Usable connections (for a
 * PgBouncer target: max_client_conn) come from the latest sample that has figures:
 * max_connections does not change while a target is briefly unreachable, and the budget matters
 * most exactly then.
 */
export async function targetBudget(db: Db, targetId: string, now = new Date()): Promise<TargetBudget> {
  const target = await getTarget(db, targetId);
  const since = new Date(now.getTime() - BUDGET_WINDOW_MS);
  const [samples, reports, poolers] = await Promise.all([
    db.$queryRaw<SampleRow[]>`
      SELECT at, max_connections, reserved_connections, applications FROM samples
      WHERE target_id = ${target.id}::uuid AND max_connections IS NOT NULL
      ORDER BY at DESC LIMIT 1`,
    // Latest per instance: DISTINCT ON walks the (application, instance, at) unique index.
    db.$queryRaw<{ application: string; instance: string; target: string | null; pool_max: number; total: number }[]>`
      SELECT DISTINCT ON (application, instance) application, instance, target, pool_max, total FROM pool_reports
      WHERE at >= ${since}::timestamptz AND (target = ${target.name} OR target IS NULL)
      ORDER BY application, instance, at DESC`,
    poolerBudgetsFor(db, target),
  ]);
  const sample = samples[0];
  const budget = computeBudget({
    targetName: target.name,
    // A pooler's sample carries max_client_conn (reserved 0): the applications' pools against it.
    limitLabel: target.kind === 'pgbouncer' ? 'max_client_conn' : 'usable',
    usable: sample ? sample.max_connections - (sample.reserved_connections ?? 0) : null,
    holders: sample?.applications ?? [],
    reports: reports.map(
      (row): InstanceReport => ({ application: row.application, instance: row.instance, target: row.target, poolMax: row.pool_max, total: row.total }),
    ),
  });
  return { ...budget, sampleAt: sample ? sample.at.toISOString() : null, poolers };
}
