import { authorise } from '@/lib/auth';
import { parseActingBody } from '@/lib/http/acting';
import { json, parseWith, route, searchParams } from '@/lib/http/route';
import { createIncident } from '@/lib/incidents/create';
import { listIncidents } from '@/lib/incidents/list';
import { incidentCreateSchema, incidentListQuerySchema } from '@/lib/incidents/schema';
import { getDb } from '@/lib/runtime';

export const GET = route(async (request) => {
  await authorise(request, 'viewer');
  const query = parseWith(incidentListQuerySchema, searchParams(request));
  return json(await listIncidents(await getDb(), query));
});

export const POST = route(async (request) => {
  const actor = await authorise(request, 'responder');
  const input = await parseActingBody(request, incidentCreateSchema, actor);
  return json(await createIncident(await getDb(), actor, input), 201);
});
