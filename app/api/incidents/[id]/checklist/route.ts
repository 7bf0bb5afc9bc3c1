import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { addChecklistItem } from '@/lib/incidents/checklist';
import { checklistItemCreateSchema } from '@/lib/incidents/schema';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

export const POST = route(async (request, { params }: Context) => {
  authorise(request, 'admin');
  const input = await parseBody(request, checklistItemCreateSchema);
  return json(await addChecklistItem(await getDb(), (await params).id, input), 201);
});
