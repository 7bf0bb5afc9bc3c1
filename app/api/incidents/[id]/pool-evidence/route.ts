import { authorise } from '@/lib/auth';
import { json, route } from '@/lib/http/route';
import { getIncidentFindings } from '@/lib/finding/finding';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  return json(await getIncidentFindings(await getDb(), (await params).id));
});
