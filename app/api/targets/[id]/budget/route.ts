import { authorise } from '@/lib/auth';
import { targetBudget } from '@/lib/budget/query';
import { json, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

/** The target's connection budget: Σ pool max of the reporting applications against usable connections. */
export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  return json(await targetBudget(await getDb(), (await params).id));
});
