import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { actionItemCreateSchema } from '@/lib/incidents/schema';
import { createActionItem, listActionItems } from '@/lib/postmortem/action-items';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Context) => {
  authorise(request, 'viewer');
  return json(await listActionItems(await getDb(), (await params).id));
});

export const POST = route(async (request, { params }: Context) => {
  authorise(request, 'admin');
  const input = await parseBody(request, actionItemCreateSchema);
  return json(await createActionItem(await getDb(), (await params).id, input), 201);
});
