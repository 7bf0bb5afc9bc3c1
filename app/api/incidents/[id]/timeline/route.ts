import { authorise } from '@/lib/auth';
import { parseActingBody } from '@/lib/http/acting';
import { json, route } from '@/lib/http/route';
import { timelineNoteSchema } from '@/lib/incidents/schema';
import { addTimelineNote, listTimeline } from '@/lib/incidents/timeline';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

/** The timeline entries as JSON, in the order things happened: notes, status changes, ticks, alerts. */
export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  return json(await listTimeline(await getDb(), (await params).id));
});

export const POST = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'responder');
  const input = await parseActingBody(request, timelineNoteSchema, actor);
  return json(await addTimelineNote(await getDb(), actor, (await params).id, input), 201);
});
