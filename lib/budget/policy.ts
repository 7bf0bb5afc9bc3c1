import 'server-only';
import type { Actor } from '@/lib/accounts/actor';
import { recordAudit } from '@/lib/accounts/audit';
import type { Db } from '@/lib/store/db';
import { transaction } from '@/lib/store/transaction';
import { getTarget } from '@/lib/targets/targets';
import { loadPolicy, type BudgetPolicy } from './figures';
import type { BudgetPolicyInput } from './schema';

/**
 * An admin's say in how a target's connections are shared: the headroom kept out of the shares,
 * and weights that replace an application's Σ pool max in the proportion (a weight of null
 * removes one). Audited: a weight decides which application's pools wait first in a surge.
 */
export async function updateBudgetPolicy(db: Db, targetId: string, input: BudgetPolicyInput, actor: Actor): Promise<BudgetPolicy> {
  const target = await getTarget(db, targetId);
  return transaction(db, async (tx) => {
    // One change at a time per target: two admins changing different weights must both land.
    await tx.$queryRaw`SELECT id FROM targets WHERE id = ${target.id}::uuid FOR UPDATE`;
    const current = await loadPolicy(tx, target.id);
    const weights = { ...current.weights };
    for (const [application, weight] of Object.entries(input.weights ?? {})) {
      if (weight === null) delete weights[application];
      else weights[application] = weight;
    }
    const next: BudgetPolicy = { headroomPercent: input.headroomPercent ?? current.headroomPercent, weights };
    await tx.budgetPolicy.upsert({
      where: { targetId: target.id },
      create: { targetId: target.id, headroomPercent: next.headroomPercent, weights: next.weights },
      update: { headroomPercent: next.headroomPercent, weights: next.weights },
    });
    await recordAudit(tx, actor, { action: 'target.budget-policy', subjectType: 'target', subjectId: target.id, details: { name: target.name, ...next } });
    return next;
  });
}
