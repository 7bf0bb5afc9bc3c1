/**
 * One simulated viewer of a target page: the live feed held open as an EventSource does (with
 * its own session cookie), and the page's API requests replayed as a real tab made them
 * (scripts/bench-crowd-pattern.ts): the opening requests at once, after each pushed sample the
 * requests a tab made after a sample, the tab's timed polls from its own opening, and after the feed reconnects the opening requests again
 * (the page then refetches whatever it shows: lib/browser/live-feed.ts resync).
 */
import { replayPath, type PagePattern, type PatternRequest } from './bench-crowd-pattern';
import { openEventStream } from './support/sse-client';

export interface TimedRequest {
  path: string;
  /** When it was sent (Date.now()). */
  at: number;
  ms: number;
  status: number;
  /** Why it got no answer (status -1): the error's code, e.g. UND_ERR_CONNECT_TIMEOUT. */
  failure?: string;
}

export interface Viewer {
  stop(): void;
}

export interface ViewerCounts {
  samples: number;
  reconnects: number;
}

export function startViewer(options: {
  baseUrl: string;
  cookie: string;
  pattern: PagePattern;
  /** Every replayed request's timing, as it completes. */
  record: (request: TimedRequest) => void;
  counts: ViewerCounts;
}): Viewer {
  const { baseUrl, cookie, pattern, record, counts } = options;
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  let samplesSeen = 0;
  let opened = false;

  const send = async (request: PatternRequest) => {
    const at = Date.now();
    const started = performance.now();
    let status = 0;
    let failure: string | undefined;
    try {
      const answer = await fetch(`${baseUrl}${replayPath(request, at)}`, { headers: { cookie } });
      status = answer.status;
      await answer.arrayBuffer();
    } catch (error) {
      status = -1;
      const cause = (error as { cause?: { code?: unknown } }).cause;
      failure = typeof cause?.code === 'string' ? cause.code : String(error);
    }
    if (!stopped) record({ path: request.path, at, ms: performance.now() - started, status, failure });
  };

  const replay = (requests: readonly PatternRequest[]) => {
    for (const request of requests) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopped) void send(request);
      }, request.delayMs);
      timers.add(timer);
    }
  };

  // The page opens: its first requests go out with the stream, not after it.
  replay(pattern.opening);
  // Its timers run from its own opening, as each person's tab does.
  for (const poll of pattern.polls) {
    const first = setTimeout(() => {
      if (stopped) return;
      void send(poll.request);
      const every = setInterval(() => void send(poll.request), poll.periodMs);
      timers.add(every);
    }, poll.firstMs);
    timers.add(first);
  }
  const stream = openEventStream(`${baseUrl}/api/events`, { cookie }, {
    event(name) {
      if (name === 'ready') {
        if (opened) {
          counts.reconnects++;
          replay(pattern.opening.filter((request) => !request.path.startsWith('/api/session')));
        }
        opened = true;
      } else if (name === 'sample') {
        counts.samples++;
        const after = pattern.afterSample;
        if (after.length > 0) replay(after[samplesSeen++ % after.length]!);
      }
    },
  });

  return {
    stop() {
      stopped = true;
      stream.close();
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
