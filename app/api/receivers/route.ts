import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { createReceiver, listReceivers } from '@/lib/alerts/notify/receivers';
import { receiverCreateSchema } from '@/lib/alerts/schema';

/** Admins only: a Slack receiver's secret is in its URL's path, which redaction keeps. */
export const GET = route(async (request) => {
  await authorise(request, 'admin');
  return json(await listReceivers(await getDb()));
});

export const POST = route(async (request) => {
  const actor = await authorise(request, 'admin');
  const input = await parseBody(request, receiverCreateSchema);
  return json(await createReceiver(await getDb(), actor, input), 201);
});
