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

export interface PagePattern {
  /** The page opening: every API request before the first pushed sample reached the tab. */
  opening: PatternRequest[];
  /** For the n-th pushed sample after that, the requests the tab made before the next one. */
  afterSample: PatternRequest[][];
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

  const firstSample = samples[0] ?? Infinity;
  const firstRequest = requests[0]?.at ?? start;
  const opening = requests.filter((seen) => seen.at < firstSample).map((seen) => asRequest(seen, firstRequest));
  const afterSample = samples.map((at, index) => {
    const next = samples[index + 1] ?? Infinity;
    return requests.filter((seen) => seen.at >= at && seen.at < next).map((seen) => asRequest(seen, at));
  });
  // The last sample's window is cut short by the end of the recording: it is not a full one.
  if (afterSample.length > 1) afterSample.pop();
  const pattern: PagePattern = { opening, afterSample, seconds };
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
  return `${pattern.opening.length} requests at opening (${kinds(pattern.opening)}); then ${perSample.toFixed(2)} a sample over ${pattern.afterSample.length} samples${later.length > 0 ? ` (${kinds(later)})` : ''}`;
}
