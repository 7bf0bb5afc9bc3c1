import { authorise } from '@/lib/auth';
import { json, parseWith, route, searchParams } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { listAlerts } from '@/lib/alerts/alerts';
import { alertListQuerySchema } from '@/lib/alerts/schema';

/** ?state=active (default: pending + firing) | firing | pending | resolved | all, &targetId= */
export const GET = route(async (request) => {
  await authorise(request, 'viewer');
  const query = parseWith(alertListQuerySchema, searchParams(request));
  return json(await listAlerts(await getDb(), query));
});
