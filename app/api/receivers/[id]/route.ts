import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { deleteReceiver, updateReceiver } from '@/lib/alerts/notify/receivers';
import { receiverUpdateSchema } from '@/lib/alerts/schema';

type Context = { params: Promise<{ id: string }> };

export const PATCH = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'admin');
  const input = await parseBody(request, receiverUpdateSchema);
  return json(await updateReceiver(await getDb(), actor, (await params).id, input));
});

export const DELETE = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'admin');
  await deleteReceiver(await getDb(), actor, (await params).id);
  return new Response(null, { status: 204 });
});
