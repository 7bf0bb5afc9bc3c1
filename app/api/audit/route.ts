import { listAudit } from '@/lib/accounts/audit';
import { authorise } from '@/lib/auth';
import { json, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

/** The latest 200 entries, newest first. */
export const GET = route(async (request) => {
  await authorise(request, 'admin');
  return json(await listAudit(await getDb()));
});
