import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { getIncident } from '@/lib/incidents/get';
import { incidentUpdateSchema } from '@/lib/incidents/schema';
import { updateIncident } from '@/lib/incidents/update';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Context) => {
  authorise(request, 'viewer');
  return json(await getIncident(await getDb(), (await params).id));
});

export const PATCH = route(async (request, { params }: Context) => {
  authorise(request, 'admin');
  const input = await parseBody(request, incidentUpdateSchema);
  return json(await updateIncident(await getDb(), (await params).id, input));
});
