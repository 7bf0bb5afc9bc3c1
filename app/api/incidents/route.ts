import { authorise } from '@/lib/auth';
import { json, parseBody, parseWith, route, searchParams } from '@/lib/http/route';
import { createIncident } from '@/lib/incidents/create';
import { listIncidents } from '@/lib/incidents/list';
import { incidentCreateSchema, incidentListQuerySchema } from '@/lib/incidents/schema';
import { getDb } from '@/lib/runtime';

export const GET = route(async (request) => {
  authorise(request, 'viewer');
  const query = parseWith(incidentListQuerySchema, searchParams(request));
  return json(await listIncidents(await getDb(), query));
});

export const POST = route(async (request) => {
  authorise(request, 'admin');
  const input = await parseBody(request, incidentCreateSchema);
  return json(await createIncident(await getDb(), input), 201);
});
