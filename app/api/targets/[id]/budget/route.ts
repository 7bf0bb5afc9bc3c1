import { authorise } from '@/lib/auth';
import { updateBudgetPolicy } from '@/lib/budget/policy';
import { targetBudget } from '@/lib/budget/query';
import { budgetPolicySchema } from '@/lib/budget/schema';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { sharedRead } from '@/lib/store/shared-reads';

type Context = { params: Promise<{ id: string }> };

/** The target's connection budget: Σ pool max of the reporting applications against usable connections, and the allowances. */
export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  const db = await getDb();
  const id = (await params).id;
  // Every open page of the target polls its budget: a crowd's identical reads share one.
  return json(await sharedRead(db, `budget:${id}`, () => targetBudget(db, id)));
});

/** How the allowances share the target out: {headroomPercent?, weights?: {application: weight | null}}. */
export const PATCH = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'admin');
  const input = await parseBody(request, budgetPolicySchema);
  const db = await getDb();
  const id = (await params).id;
  await updateBudgetPolicy(db, id, input, actor);
  return json(await targetBudget(db, id));
});
