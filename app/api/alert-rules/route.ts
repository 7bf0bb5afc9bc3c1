import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { createRule, listRules } from '@/lib/alerts/rules';
import { alertRuleCreateSchema } from '@/lib/alerts/schema';

export const GET = route(async (request) => {
  await authorise(request, 'viewer');
  return json(await listRules(await getDb()));
});

export const POST = route(async (request) => {
  const actor = await authorise(request, 'admin');
  const input = await parseBody(request, alertRuleCreateSchema);
  return json(await createRule(await getDb(), actor, input), 201);
});
