import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { deleteReceiver, updateReceiver } from '@/lib/alerts/notify/receivers';
import { receiverUpdateSchema } from '@/lib/alerts/schema';

type Context = { params: Promise<{ id: string }> };

export const PATCH = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'admin');
  const input = await parseBody(request, receiverUpdateSchema);
  return json(await updateReceiver(await getDb(), (await params).id, input, actor));
});

export const DELETE = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'admin');
  await deleteReceiver(await getDb(), (await params).id, actor);
  return new Response(null, { status: 204 });
});
