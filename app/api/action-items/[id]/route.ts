import { deleteActionItem, updateActionItem } from '@/lib/action-items/action-items';
import { actionItemUpdateSchema } from '@/lib/action-items/schema';
import { authorise } from '@/lib/auth';
import { parseActingBody } from '@/lib/http/acting';
import { json, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

export const PATCH = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'responder');
  const input = await parseActingBody(request, actionItemUpdateSchema, actor);
  return json(await updateActionItem(await getDb(), (await params).id, input));
});

export const DELETE = route(async (request, { params }: Context) => {
  await authorise(request, 'responder');
  await deleteActionItem(await getDb(), (await params).id);
  return new Response(null, { status: 204 });
});
