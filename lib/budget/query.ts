import 'server-only';
import type { Db } from '@/lib/store/db';
import { poolerBudgetsFor, type TargetPoolerBudget } from '@/lib/pooler/budget-query';
import { getTarget } from '@/lib/targets/targets';
import { computeAllowances, type Allowances } from './allowance';
import { computeBudget, reportsForTarget, type Budget, type InstanceReport } from './budget';
import { loadTargetFigures, type BudgetPolicy, type TargetFigures } from './figures';

export { BUDGET_WINDOW_MS } from './latest-reports';

/**
 * The budget answer, with the time of the sample it compares against (null without one), the
 * allowances it gives, and the PgBouncer budgets that concern the target (lib/pooler/budget.ts).
 */
export type TargetBudget = Budget & { sampleAt: string | null; policy: BudgetPolicy; allowances: Allowances; poolers: TargetPoolerBudget[] };

/**
 * The connection budget of one target (GET /api/targets/{id}/budget), with the PgBouncer budgets
 * that concern it (a pooler's own; the poolers in front of a database). For a PgBouncer target the
 * applications' pools are weighed against its max_client_conn, which its samples carry.
 */
export async function targetBudget(db: Db, targetId: string, now = new Date()): Promise<TargetBudget> {
  const target = await getTarget(db, targetId);
  const [figures, poolers] = await Promise.all([loadTargetFigures(db, target, now), poolerBudgetsFor(db, target)]);
  const budget = computeBudget({
    targetName: target.name,
    limitLabel: target.kind === 'pgbouncer' ? 'max_client_conn' : 'usable',
    usable: figures.usable,
    holders: figures.holders,
    reports: figures.reports,
  });
  return { ...budget, sampleAt: figures.sampleAt?.toISOString() ?? null, policy: figures.policy, allowances: allowancesOf(figures), poolers };
}

/** The allowances of every application reporting to the target, `extra` (an instance not reported yet) counted in. */
export function allowancesOf(figures: TargetFigures, extra?: Pick<InstanceReport, 'application' | 'instance' | 'poolMax'>): Allowances {
  const poolMaxes = new Map<string, Map<string, number>>();
  for (const report of reportsForTarget({ targetName: figures.target.name, holders: figures.holders, reports: figures.reports })) {
    const instances = poolMaxes.get(report.application) ?? new Map<string, number>();
    instances.set(report.instance, report.poolMax);
    poolMaxes.set(report.application, instances);
  }
  if (extra) {
    const instances = poolMaxes.get(extra.application) ?? new Map<string, number>();
    instances.set(extra.instance, extra.poolMax);
    poolMaxes.set(extra.application, instances);
  }
  return computeAllowances({
    usable: figures.usable,
    headroomPercent: figures.policy.headroomPercent,
    applications: [...poolMaxes.entries()].map(([application, instances]) => ({
      application,
      poolMaxes: [...instances.values()],
      weight: figures.policy.weights[application] ?? null,
    })),
  });
}
