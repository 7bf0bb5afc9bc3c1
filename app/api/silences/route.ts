import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { silenceCreateSchema } from '@/lib/alerts/schema';
import { createSilence, listSilences } from '@/lib/alerts/silences';

/** The silences in force now. */
export const GET = route(async (request) => {
  authorise(request, 'viewer');
  return json(await listSilences(await getDb()));
});

export const POST = route(async (request) => {
  authorise(request, 'admin');
  const input = await parseBody(request, silenceCreateSchema);
  return json(await createSilence(await getDb(), input), 201);
});
