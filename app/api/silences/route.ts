import { authorise } from '@/lib/auth';
import { parseActingBody } from '@/lib/http/acting';
import { json, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { silenceCreateSchema } from '@/lib/alerts/schema';
import { createSilence, listSilences } from '@/lib/alerts/silences';

/** The silences in force now. */
export const GET = route(async (request) => {
  await authorise(request, 'viewer');
  return json(await listSilences(await getDb()));
});

export const POST = route(async (request) => {
  const actor = await authorise(request, 'responder');
  const input = await parseActingBody(request, silenceCreateSchema, actor);
  return json(await createSilence(await getDb(), actor, input), 201);
});
