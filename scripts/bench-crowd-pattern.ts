/**
 * What one open target page asks of the API, recorded in a real Chromium tab, so that a crowd
 * of simulated viewers (scripts/bench-crowd-viewer.ts) can ask the same: the requests the page
 * makes when it opens, and after each pushed sample the requests that followed it (a chart whose
 * bucket closed and must be refetched, a finding due again, …). The live feed's own stream
 * (/api/events) is not a request here: each simulated viewer holds one.
 */
import type { Browser } from '@playwright/test';

/** An API request of the page: its path and query, with the instants in it kept relative to when it was made. */
export interface PatternRequest {
  /** ms after the moment it replays from (the page's first request, or the sample it followed). */
  delayMs: number;
  path: string;
  /** Query parameters holding an instant (epoch ms), as offsets from the moment the request was made. */
  instants: Record<string, number>;
  /** The grid those instants were on (a relative range ends on a whole bucket: lib/browser/time-range.ts), 1 for none. */
  gridMs: number;
}

/**
 * A request the tab repeats on its own timer (a React Query refetchInterval such as the budget's
 * 5 s): each viewer repeats it from when it opened, so a crowd's polls are spread over the period
 * as real tabs opened at different moments spread them, not fired together after one sample.
 */
export interface PollRequest {
  request: PatternRequest;
  /** From the page's first request to the first repeat. */
  firstMs: number;
  periodMs: number;
}

export interface PagePattern {
  /** The page opening: every API request before the first pushed sample that came at least OPENING_MS after its first request. */
  opening: PatternRequest[];
  /** For the n-th pushed sample after that, the requests the tab made before the next one (polls left out). */
  afterSample: PatternRequest[][];
  polls: PollRequest[];
  /** How long the tab was watched, from navigation. */
  seconds: number;
}

interface Seen {
  at: number;
  url: URL;
}

/** An instant in a query string: epoch ms within a day of now (a series' `from` and `to`). */
function instantsOf(url: URL, at: number): Record<string, number> {
  const instants: Record<string, number> = {};
  for (const [name, value] of url.searchParams) {
    if (/^\d{13}$/.test(value) && Math.abs(Number(value) - at) < 86_400_000) instants[name] = Number(value) - at;
  }
  return instants;
}

/** A series request's bucket width (from, to, points), when its instants sit on that grid. */
function gridOf(url: URL): number {
  const [from, to, points] = ['from', 'to', 'points'].map((name) => Number(url.searchParams.get(name)));
  if (!from || !to || !points) return 1;
  const step = Math.max(1, Math.ceil((to - from) / points));
  return from % step === 0 && to % step === 0 ? step : 1;
}

const asRequest = (seen: Seen, from: number): PatternRequest => ({
  delayMs: Math.max(0, seen.at - from),
  path: seen.url.pathname + seen.url.search,
  instants: instantsOf(seen.url, seen.at),
  gridMs: gridOf(seen.url),
});

/**
 * The request as it would be made now: its instants moved forward with the clock and put back
 * on their grid, so viewers asking within one bucket ask the same question, as browsers do.
 */
export function replayPath(request: PatternRequest, now: number): string {
  const url = new URL(request.path, 'http://replay');
  for (const [name, offset] of Object.entries(request.instants)) {
    url.searchParams.set(name, String(Math.round((now + offset) / request.gridMs) * request.gridMs));
  }
  return url.pathname + url.search;
}

/** A request's identity across repeats: its path with the instants (which move with the clock) left out. */
function pollKey(url: URL, at: number): string {
  const kept = new URLSearchParams([...url.searchParams].filter(([name]) => !(name in instantsOf(url, at))));
  return `${url.pathname}?${kept}`;
}

/** How long a page's opening requests are taken to last, at least. */
const OPENING_MS = 1000;

/** Shortest period taken for a timer: a request repeated faster than this follows the samples. */
const MIN_POLL_MS = 2000;

/**
 * The requests repeated at a steady period after the opening, with no instant on a chart's grid
 * (a series refetched when its bucket closes follows the samples, and every viewer's bucket closes
 * at once). Steady: every gap within 20 % of the shortest, counted from the last opening request.
 */
function findPolls(requests: readonly Seen[], openingEnd: number, firstRequest: number): Map<string, PollRequest> {
  const byKey = new Map<string, Seen[]>();
  for (const seen of requests) {
    const key = pollKey(seen.url, seen.at);
    byKey.set(key, [...(byKey.get(key) ?? []), seen]);
  }
  const polls = new Map<string, PollRequest>();
  for (const [key, seen] of byKey) {
    const later = seen.filter((one) => one.at >= openingEnd);
    const lastOpening = seen.filter((one) => one.at < openingEnd).at(-1);
    if (later.length === 0 || !lastOpening || gridOf(later[0]!.url) > 1) continue;
    const times = [lastOpening.at, ...later.map((one) => one.at)];
    const gaps = times.slice(1).map((at, i) => at - times[i]!);
    const shortest = Math.min(...gaps);
    if (shortest < MIN_POLL_MS || Math.max(...gaps) > 1.2 * shortest) continue;
    polls.set(key, { request: asRequest(later[0]!, later[0]!.at), firstMs: later[0]!.at - firstRequest, periodMs: gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length });
  }
  return polls;
}

/**
 * Opens `pagePath` in a new tab of its own browser context carrying `cookie`, and records its
 * API requests and the live feed's `sample` events (through the DevTools protocol, which sees the
 * EventSource's messages) for `seconds`. The tab is left open: the caller closes its context.
 */
export async function recordPagePattern(browser: Browser, baseUrl: string, cookie: { name: string; value: string }, pagePath: string, seconds: number) {
  const context = await browser.newContext();
  await context.addCookies([{ ...cookie, url: baseUrl }]);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const requests: Seen[] = [];
  const samples: number[] = [];
  cdp.on('Network.eventSourceMessageReceived', (message) => {
    if (message.eventName === 'sample') samples.push(Date.now());
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.method() === 'GET' && url.pathname.startsWith('/api/') && url.pathname !== '/api/events') requests.push({ at: Date.now(), url });
  });
  const start = Date.now();
  await page.goto(`${baseUrl}${pagePath}`);
  await page.waitForTimeout(Math.max(0, start + seconds * 1000 - Date.now()));
  await cdp.detach();

  const firstRequest = requests[0]?.at ?? start;
  // The page's reads wait for the live feed's first ready (lib/browser/feed-gate.ts), and the
  // first sample can follow ready at once: the opening is everything before the first sample
  // that comes at least OPENING_MS after the page's first request.
  const openingEnd = samples.find((at) => at >= firstRequest + OPENING_MS) ?? Infinity;
  const later = samples.filter((at) => at >= openingEnd);
  const opening = requests.filter((seen) => seen.at < openingEnd).map((seen) => asRequest(seen, firstRequest));
  const polls = findPolls(requests, openingEnd, firstRequest);
  const followsSamples = requests.filter((seen) => !polls.has(pollKey(seen.url, seen.at)));
  const afterSample = later.map((at, index) => {
    const next = later[index + 1] ?? Infinity;
    return followsSamples.filter((seen) => seen.at >= at && seen.at < next).map((seen) => asRequest(seen, at));
  });
  // The last sample's window is cut short by the end of the recording: it is not a full one.
  if (afterSample.length > 1) afterSample.pop();
  const pattern: PagePattern = { opening, afterSample, polls: [...polls.values()], seconds };
  return { pattern, context, page };
}

/** "12 at opening (series 5, snapshot 1, …); 0.4 a sample after": what one viewer asks, for the table. */
export function describePattern(pattern: PagePattern): string {
  const kinds = (requests: PatternRequest[]) => {
    const counts = new Map<string, number>();
    for (const { path } of requests) {
      const kind = path.split('?')[0]!.replace(/\/api\/targets\/[^/]+/, '/api/targets/{id}');
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    return [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
  };
  const later = pattern.afterSample.flat();
  const perSample = pattern.afterSample.length > 0 ? later.length / pattern.afterSample.length : 0;
  const polls = pattern.polls.map((poll) => `${kinds([poll.request])} every ${(poll.periodMs / 1000).toFixed(1)} s`).join(', ');
  return `${pattern.opening.length} requests at opening (${kinds(pattern.opening)}); then ${perSample.toFixed(2)} a sample over ${pattern.afterSample.length} samples${later.length > 0 ? ` (${kinds(later)})` : ''}; polls on the tab's own timer: ${polls || 'none'}`;
}
