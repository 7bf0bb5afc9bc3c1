import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { remediateSessions } from '@/lib/remediation/requests';
import { sessionActionSchema } from '@/lib/remediation/schema';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

/**
 * Terminates the sessions picked by the filter (pg_terminate_backend), freeing their connection slots.
 * A dry run (the default) lists the sessions; executing needs the dry run's pids. Runs over the
 * collector's persistent connection to the target (lib/remediation/requests.ts).
 */
export const POST = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'responder');
  const input = await parseBody(request, sessionActionSchema);
  return json(await remediateSessions(await getDb(), (await params).id, 'terminate', input, actor));
});
