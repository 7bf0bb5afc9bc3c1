import { authorise } from '@/lib/auth';
import { parseActingBody } from '@/lib/http/acting';
import { json, route } from '@/lib/http/route';
import { getIncident } from '@/lib/incidents/get';
import { incidentUpdateSchema } from '@/lib/incidents/schema';
import { updateIncident } from '@/lib/incidents/update';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  return json(await getIncident(await getDb(), (await params).id));
});

export const PATCH = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'responder');
  const input = await parseActingBody(request, incidentUpdateSchema, actor);
  return json(await updateIncident(await getDb(), actor, (await params).id, input));
});
