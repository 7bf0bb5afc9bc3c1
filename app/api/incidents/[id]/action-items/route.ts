import { createActionItem, listActionItems } from '@/lib/action-items/action-items';
import { actionItemCreateSchema } from '@/lib/action-items/schema';
import { authorise } from '@/lib/auth';
import { parseActingBody } from '@/lib/http/acting';
import { json, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  return json(await listActionItems(await getDb(), (await params).id));
});

export const POST = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'responder');
  const input = await parseActingBody(request, actionItemCreateSchema, actor);
  return json(await createActionItem(await getDb(), (await params).id, input), 201);
});
