import { authorise } from '@/lib/auth';
import { json, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { listDeliveries } from '@/lib/alerts/notify/receivers';

type Context = { params: Promise<{ id: string }> };

/** The receiver's latest 100 deliveries, newest first. */
export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  return json(await listDeliveries(await getDb(), (await params).id));
});
