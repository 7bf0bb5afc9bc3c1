import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { timelineNoteSchema } from '@/lib/incidents/schema';
import { addTimelineNote } from '@/lib/incidents/timeline';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

export const POST = route(async (request, { params }: Context) => {
  authorise(request, 'admin');
  const input = await parseBody(request, timelineNoteSchema);
  return json(await addTimelineNote(await getDb(), (await params).id, input), 201);
});
