import { listApplications } from '@/lib/applications/list';
import { applicationListQuerySchema } from '@/lib/applications/schema';
import { authorise } from '@/lib/auth';
import { json, parseWith, route, searchParams } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

/** The applications that reported in a range (default the last hour), each with its instances, targets and latest figures. */
export const GET = route(async (request) => {
  await authorise(request, 'viewer');
  const query = parseWith(applicationListQuerySchema, searchParams(request));
  return json(await listApplications(await getDb(), query));
});
