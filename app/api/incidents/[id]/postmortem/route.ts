import { authorise } from '@/lib/auth';
import { parseActingBody } from '@/lib/http/acting';
import { json, parseWith, route, searchParams } from '@/lib/http/route';
import { withDraft } from '@/lib/postmortem/editor';
import { exportPostmortem } from '@/lib/postmortem/export';
import { postmortemQuerySchema, postmortemUpdateSchema } from '@/lib/postmortem/schema';
import { getPostmortem, updatePostmortem } from '@/lib/postmortem/store';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

/** The Markdown download; `?format=json` gives the editor the saved sections and what the draft fills in. */
export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  const { format } = parseWith(postmortemQuerySchema, searchParams(request));
  const id = (await params).id;
  const db = await getDb();
  const now = new Date();
  if (format === 'json') return json(await withDraft(db, await getPostmortem(db, id), now));
  const chartUrl = new URL(`/api/incidents/${encodeURIComponent(id)}/postmortem/chart.svg`, request.url).toString();
  const { filename, markdown } = await exportPostmortem(db, id, { now, chartUrl });
  return new Response(markdown, {
    headers: {
      'Content-Type': 'text/markdown; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  });
});

const save = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'responder');
  const input = await parseActingBody(request, postmortemUpdateSchema, actor);
  const db = await getDb();
  return json(await withDraft(db, await updatePostmortem(db, actor, (await params).id, input), new Date()));
});

/** Both verbs save only the sections given; the others keep their text. */
export const PUT = save;
export const PATCH = save;
