import 'server-only';
import type { Db } from '@/lib/store/db';
import { computeBudget } from './budget';
import { checkPlan, type BudgetCheck } from './check';
import { loadTargetFigures, targetByName } from './figures';
import type { BudgetCheckInput } from './schema';

/** POST /api/budget/check: the plan against the live reports of every other application on the target. */
export async function budgetCheck(db: Db, input: BudgetCheckInput, now = new Date()): Promise<BudgetCheck & { target: string; application: string }> {
  const target = await targetByName(db, input.target);
  const figures = await loadTargetFigures(db, target, now);
  const budget = computeBudget({ targetName: target.name, usable: figures.usable, holders: figures.holders, reports: figures.reports });
  const check = checkPlan({
    usable: figures.usable,
    headroomPercent: figures.policy.headroomPercent,
    others: budget.applications,
    plan: { application: input.application, instances: input.instances, poolMax: input.poolMax },
  });
  return { target: target.name, application: input.application, ...check };
}
