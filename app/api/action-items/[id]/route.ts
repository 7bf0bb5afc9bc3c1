import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { actionItemUpdateSchema } from '@/lib/incidents/schema';
import { deleteActionItem, updateActionItem } from '@/lib/postmortem/action-items';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

export const PATCH = route(async (request, { params }: Context) => {
  authorise(request, 'admin');
  const input = await parseBody(request, actionItemUpdateSchema);
  return json(await updateActionItem(await getDb(), (await params).id, input));
});

export const DELETE = route(async (request, { params }: Context) => {
  authorise(request, 'admin');
  await deleteActionItem(await getDb(), (await params).id);
  return new Response(null, { status: 204 });
});
