import { apiUrl, jsonHeaders } from './lifeguard-api.ts';
import type { PoolReportPayload } from './types.ts';

export interface SenderOptions {
  /** Lifeguard's base URL, e.g. http://lifeguard:3000. */
  url: string;
  token?: string;
  /** Each POST gives up after this long. */
  timeoutMs: number;
  /** Unsent reports kept while Lifeguard is unreachable; the oldest go first beyond it. */
  maxQueued: number;
  onError: (error: unknown) => void;
}

/** Lifeguard's batch limit (lib/ingest/schema.ts). */
const MAX_BATCH = 500;

export interface Sender {
  enqueue(report: PoolReportPayload): void;
  /** Sends what is queued, if no send is under way. Never rejects. */
  flush(): Promise<void>;
  queued(): number;
  /** Reports dropped so far because the queue was full. */
  dropped(): number;
}

/**
 * Queues reports and POSTs them in batches. When Lifeguard is down, reports wait (up to
 * maxQueued, then the oldest are dropped: the newest figures matter most during an outage) and
 * go out together once it answers. A report Lifeguard refuses as invalid (4xx other than
 * 408/429) is dropped too, since resending it would be refused forever.
 */
export function createSender(options: SenderOptions): Sender {
  const endpoint = apiUrl(options.url, 'api/ingest');
  const headers = jsonHeaders(options.token);
  let queue: PoolReportPayload[] = [];
  let sending = false;
  let dropped = 0;

  const send = async (): Promise<void> => {
    const batch = queue.slice(0, MAX_BATCH);
    if (batch.length === 0) return;
    const response = await fetch(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify({ reports: batch }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // Read the answer to the end so the connection can be reused.
    const text = await response.text();
    const retry = !response.ok && (response.status >= 500 || response.status === 408 || response.status === 429);
    if (retry) throw new Error(`Lifeguard answered ${response.status}: ${text.slice(0, 200)}`);
    // Remove by identity: while this send was under way, a full queue may have dropped some of them.
    const sent = new Set(batch);
    queue = queue.filter((report) => !sent.has(report));
    if (!response.ok) throw new Error(`Lifeguard refused ${batch.length} report(s) with ${response.status}: ${text.slice(0, 200)}`);
  };

  return {
    enqueue: (report) => {
      queue.push(report);
      const excess = queue.length - options.maxQueued;
      if (excess > 0) {
        queue.splice(0, excess);
        dropped += excess;
      }
    },
    flush: async () => {
      if (sending) return;
      sending = true;
      try {
        await send();
      } catch (error) {
        safely(options.onError, error);
      } finally {
        sending = false;
      }
    },
    queued: () => queue.length,
    dropped: () => dropped,
  };
}

/** Calls a user's callback without letting it throw into our timers. */
export function safely(callback: (error: unknown) => void, error: unknown): void {
  try {
    callback(error);
  } catch {
    // The application's own error handler failed; there is nobody left to tell.
  }
}
