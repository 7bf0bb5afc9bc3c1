import { listAllActionItems } from '@/lib/action-items/action-items';
import { actionItemListQuerySchema } from '@/lib/action-items/schema';
import { authorise } from '@/lib/auth';
import { json, parseWith, route, searchParams } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

/** Action items across incidents: the open ones unless `?open=0`. */
export const GET = route(async (request) => {
  await authorise(request, 'viewer');
  const { open } = parseWith(actionItemListQuerySchema, searchParams(request));
  return json(await listAllActionItems(await getDb(), { open }));
});
