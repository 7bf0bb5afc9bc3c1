import { authorise } from '@/lib/auth';
import { parseActingBody } from '@/lib/http/acting';
import { json, route } from '@/lib/http/route';
import { checklistTickSchema } from '@/lib/incidents/schema';
import { tickChecklistItem } from '@/lib/incidents/tick';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string; itemId: string }> };

export const PATCH = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'responder');
  const input = await parseActingBody(request, checklistTickSchema, actor);
  const { id, itemId } = await params;
  return json(await tickChecklistItem(await getDb(), actor, id, itemId, input));
});
