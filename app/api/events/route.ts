import { authorise } from '@/lib/auth';
import { route } from '@/lib/http/route';
import { eventStream } from '@/lib/events/stream';
import { startServices } from '@/lib/runtime';

/** Server-sent events: `sample` (a target's new snapshot) and `targets` (the list changed). */
export const GET = route(async (request) => {
  await authorise(request, 'viewer');
  const { hub } = await startServices();
  return new Response(eventStream(hub, request.signal), {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: nothing between us and the browser may buffer or compress the stream.
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
    },
  });
});
