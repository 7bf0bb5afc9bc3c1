import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { targetInputSchema } from '@/lib/targets/schema';
import { createTarget, listTargets } from '@/lib/targets/targets';

export const GET = route(async (request) => {
  await authorise(request, 'viewer');
  return json(await listTargets(await getDb()));
});

export const POST = route(async (request) => {
  const actor = await authorise(request, 'admin');
  const input = await parseBody(request, targetInputSchema);
  return json(await createTarget(await getDb(), actor, input), 201);
});
