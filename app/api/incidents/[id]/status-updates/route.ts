import { authorise } from '@/lib/auth';
import { parseActingBody } from '@/lib/http/acting';
import { json, route } from '@/lib/http/route';
import { statusUpdateSchema } from '@/lib/incidents/schema';
import { addStatusUpdate } from '@/lib/incidents/status-update';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

/** A "Conditions / Actions / Needs" update: on the timeline, and posted to the incident's channel. */
export const POST = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'responder');
  const input = await parseActingBody(request, statusUpdateSchema, actor);
  return json(await addStatusUpdate(await getDb(), actor, (await params).id, input), 201);
});
