import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { deleteRule, getRule, updateRule } from '@/lib/alerts/rules';
import { alertRuleUpdateSchema } from '@/lib/alerts/schema';

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  return json(await getRule(await getDb(), (await params).id));
});

export const PATCH = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'admin');
  const input = await parseBody(request, alertRuleUpdateSchema);
  return json(await updateRule(await getDb(), actor, (await params).id, input));
});

/** Custom rules only: a built-in answers 400 (disable it instead). */
export const DELETE = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'admin');
  await deleteRule(await getDb(), actor, (await params).id);
  return new Response(null, { status: 204 });
});
