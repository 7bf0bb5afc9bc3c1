import type { Hub, LiveEvent } from './hub';
import { encodeStages } from './stages';

const HEARTBEAT_MS = 15_000;

/** One browser's server-sent-event stream, fed by the hub until the browser leaves or the process stops. */
export function eventStream(hub: Hub, abort: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup(); // the stream is already closed
        }
      };
      const unsubscribe = hub.subscribe((event: LiveEvent) => {
        if (event.type === 'shutdown') return close();
        send(`event: ${event.type}\ndata: ${JSON.stringify(eventData(event))}\n\n`);
      });
      const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
      const close = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
        abort.removeEventListener('abort', close);
      };
      abort.addEventListener('abort', close);
      // Tell the browser how soon to reconnect, and that the feed is live.
      send(`retry: 2000\nevent: ready\ndata: {}\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
}

function eventData(event: Exclude<LiveEvent, { type: 'shutdown' }>): unknown {
  switch (event.type) {
    case 'sample':
      // The stage times ride along as ms after the sample's `at` (some 30 bytes; lib/events/stages.ts).
      return { ...event.snapshot, stages: encodeStages(Date.parse(event.snapshot.at), { ...event.stages, written: Date.now() }) };
    case 'incident':
      return { incidentId: event.incidentId };
    case 'reports':
      return { applications: event.applications };
    case 'targets':
    case 'alerts':
      return {};
  }
}
