import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { checklistTickSchema } from '@/lib/incidents/schema';
import { tickChecklistItem } from '@/lib/incidents/tick';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string; itemId: string }> };

export const PATCH = route(async (request, { params }: Context) => {
  authorise(request, 'admin');
  const input = await parseBody(request, checklistTickSchema);
  const { id, itemId } = await params;
  return json(await tickChecklistItem(await getDb(), id, itemId, input));
});
