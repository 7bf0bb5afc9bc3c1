import { authorise } from '@/lib/auth';
import { json, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { latestSnapshots } from '@/lib/samples/snapshot';

/** The latest sample of every target, for the overview. */
export const GET = route(async (request) => {
  await authorise(request, 'viewer');
  return json(await latestSnapshots(await getDb()));
});
