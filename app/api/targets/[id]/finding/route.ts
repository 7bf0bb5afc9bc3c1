import { authorise } from '@/lib/auth';
import { json, route } from '@/lib/http/route';
import { getTargetFinding } from '@/lib/finding/finding';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

/** The pool finding of one target (the dashboard's firing-alert banner links here): Finding. */
export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  return json(await getTargetFinding(await getDb(), (await params).id));
});
