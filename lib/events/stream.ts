import type { Hub, LiveEvent } from './hub';

const HEARTBEAT_MS = 15_000;

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(': heartbeat\n\n');
/** Tells the browser how soon to reconnect, and that the feed is live. */
const READY = encoder.encode('retry: 2000\nevent: ready\ndata: {}\n\n');
/**
 * Each event's bytes, made once for all this replica's streams: the hub hands every subscriber
 * the same event object, so a crowd of viewers costs one JSON.stringify a sample, not one each.
 * Weak: an event's bytes go when the event does.
 */
const encoded = new WeakMap<LiveEvent, Uint8Array>();

function encodeEvent(event: Exclude<LiveEvent, { type: 'shutdown' }>): Uint8Array {
  let bytes = encoded.get(event);
  if (!bytes) {
    bytes = encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(eventData(event))}\n\n`);
    encoded.set(event, bytes);
  }
  return bytes;
}

/** One browser's server-sent-event stream, fed by the hub until the browser leaves or the process stops. */
export function eventStream(hub: Hub, abort: AbortSignal): ReadableStream<Uint8Array> {
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (bytes: Uint8Array) => {
        try {
          controller.enqueue(bytes);
        } catch {
          cleanup(); // the stream is already closed
        }
      };
      const unsubscribe = hub.subscribe((event: LiveEvent) => {
        if (event.type === 'shutdown') return close();
        send(encodeEvent(event));
      });
      const heartbeat = setInterval(() => send(HEARTBEAT), HEARTBEAT_MS);
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
      send(READY);
    },
    cancel() {
      cleanup();
    },
  });
}

function eventData(event: Exclude<LiveEvent, { type: 'shutdown' }>): unknown {
  switch (event.type) {
    case 'sample':
      return event.snapshot;
    case 'incident':
      return { incidentId: event.incidentId };
    case 'reports':
      return { applications: event.applications };
    case 'targets':
    case 'alerts':
      return {};
  }
}
