import { authorise } from '@/lib/auth';
import { parseActingBody } from '@/lib/http/acting';
import { json, route } from '@/lib/http/route';
import { addChecklistItem } from '@/lib/incidents/checklist';
import { checklistItemCreateSchema } from '@/lib/incidents/schema';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

export const POST = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'responder');
  const input = await parseActingBody(request, checklistItemCreateSchema, actor);
  return json(await addChecklistItem(await getDb(), actor, (await params).id, input), 201);
});
