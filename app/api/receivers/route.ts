import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { createReceiver, listReceivers } from '@/lib/alerts/notify/receivers';
import { receiverCreateSchema } from '@/lib/alerts/schema';

export const GET = route(async (request) => {
  authorise(request, 'viewer');
  return json(await listReceivers(await getDb()));
});

export const POST = route(async (request) => {
  authorise(request, 'admin');
  const input = await parseBody(request, receiverCreateSchema);
  return json(await createReceiver(await getDb(), input), 201);
});
