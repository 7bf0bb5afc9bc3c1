import { authorise } from '@/lib/auth';
import { parseActingBody } from '@/lib/http/acting';
import { json, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { acknowledgeAlert } from '@/lib/alerts/alerts';
import { acknowledgeSchema } from '@/lib/alerts/schema';

type Context = { params: Promise<{ id: string }> };

export const POST = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'responder');
  const input = await parseActingBody(request, acknowledgeSchema, actor);
  return json(await acknowledgeAlert(await getDb(), actor, (await params).id, input));
});
