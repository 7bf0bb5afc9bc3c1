import { authorise } from '@/lib/auth';
import { getIncidentPeaks } from '@/lib/finding/peak';
import { json, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

/** Who held the connections at the peak of the incident, per linked target, with the causes then. */
export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  return json(await getIncidentPeaks(await getDb(), (await params).id));
});
