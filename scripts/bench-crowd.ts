/**
 * The incident crowd (issue 12): many people open the same target page at the 5-minute range
 * during an incident. What one page asks of the API is recorded in a real Chromium tab for 20 s
 * (scripts/bench-crowd-pattern.ts); then BENCH_CROWD_VIEWERS viewers (default 100) watch the page:
 * a few real Chromium tabs, the rest simulated (scripts/bench-crowd-viewer.ts: the live feed's
 * stream plus the recorded requests), each with its own signed-in session. Over
 * BENCH_CROWD_SECONDS the bench reads:
 *
 *  - the cores the Next server process used (/proc/<pid>/stat), alone with one tab and in the crowd
 *  - the latency of the page's API requests (series, snapshot, …) made by the simulated viewers
 *  - end-to-end freshness in the real tabs (scripts/bench-freshness.ts), alone and in the crowd
 *
 * Goals: ≤ 0.5 core and API p95 ≤ 100 ms, freshness unchanged. The bench asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createSession, SESSION_COOKIE } from '../lib/accounts/sessions';
import { createDb } from '../lib/store/db';
import { startLocalPostgres } from '../lib/store/local-postgres';
import { BEFORE } from './bench-baselines';
import { describePattern, recordPagePattern, type PagePattern } from './bench-crowd-pattern';
import { startViewer, type TimedRequest, type Viewer, type ViewerCounts } from './bench-crowd-viewer';
import { freshnessTrial, waitForLatestTotal } from './bench-freshness';
import { durations, ms, quantile, signIn, startBenchApp, type BenchApp, type Row } from './bench-support';
import { launchChromium } from './support/chromium';
import { cpuSeconds, runQueueSeconds, sleep } from './support/processes';

const RECORD_SECONDS = 20;
const REAL_TABS = 5;
/** Viewers arrive over this long, as people do when a page is shared in the incident channel. */
const ARRIVAL_MS = 5_000;
/** After the last arrival, until every opening request is answered, before the window starts. */
const SETTLE_MS = 10_000;
const ADMIN = { email: 'bench-admin@lifeguard.test', password: 'bench-admin-password' };
const VIEWER = { email: 'bench-viewer@lifeguard.test', password: 'bench-viewer-password' };

interface Window {
  cores: number;
  /** Seconds a second the server's event loop waited for a CPU (1: it waited all the time). */
  waited: number;
  freshness: number[];
}

/**
 * Over `seconds`: the server's cores used, and freshness trials in `pages` back to back. The
 * window is the trials' span, so CPU and freshness describe the same moments.
 */
async function measureWindow(app: BenchApp, pages: readonly Page[], targetUrl: string, seconds: number): Promise<Window> {
  const freshness: number[] = [];
  const cpuBefore = cpuSeconds(app.serverPid);
  const waitedBefore = runQueueSeconds(app.serverPid);
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) freshness.push(...(await freshnessTrial(pages, targetUrl)));
  const elapsed = (performance.now() - start) / 1000;
  const cores = (cpuSeconds(app.serverPid) - cpuBefore) / elapsed;
  return { cores, waited: (runQueueSeconds(app.serverPid) - waitedBefore) / elapsed, freshness };
}

/** Five minutes of history before the target's first sample, so the 5-minute charts are full, as during an incident. */
async function backfill(storeUrl: string, targetId: string): Promise<void> {
  const db = createDb(storeUrl);
  try {
    await db.$executeRaw`
      INSERT INTO samples (target_id, at, max_connections, reserved_connections, total, active, idle, probe_latency_ms)
      SELECT ${targetId}::uuid, first.at - make_interval(secs => s), 60, 3, 20 + s % 30, 5 + s % 7, 15 + s % 30 - s % 7, 0.5
      FROM (SELECT min(at) AS at FROM samples WHERE target_id = ${targetId}::uuid) first, generate_series(1, 300) s`;
  } finally {
    await db.$disconnect();
  }
}

/** `count` sessions of the viewer, made in the store (signing in 100 times would meet the sign-in rate limit). */
async function viewerSessions(storeUrl: string, userId: string, count: number): Promise<string[]> {
  const db = createDb(storeUrl);
  try {
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) tokens.push((await createSession(db, userId)).token);
    return tokens;
  } finally {
    await db.$disconnect();
  }
}

async function openTab(browser: Browser, app: BenchApp, token: string, pagePath: string): Promise<{ context: BrowserContext; page: Page }> {
  // A context each: its own cookie jar and its own six connections, as separate people have.
  const context = await browser.newContext();
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: app.baseUrl }]);
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}${pagePath}`);
  await waitForLatestTotal(page).catch(async (error: unknown) => {
    throw new Error(`a tab at ${page.url()} did not show the latest total: ${(await page.locator('body').innerText()).slice(300, 1500)}`, { cause: error });
  });
  return { context, page };
}

function latencyFigure(requests: readonly TimedRequest[]): string {
  const times = requests.map((request) => request.ms);
  return `p50 ${ms(quantile(times, 0.5))}, p95 ${ms(quantile(times, 0.95))}, max ${ms(Math.max(...times))}`;
}

const percent = (share: number) => `${(share * 100).toFixed(0)} %`;
const processName = (pid: number) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();

/** Misses (a tab that did not show the connections within 30 s) are counted, and sort last in the quantiles. */
function freshnessFigure(seen: readonly number[]): string {
  const missed = seen.filter((value) => !Number.isFinite(value)).length;
  return `median ${ms(quantile(seen, 0.5))}, p95 ${ms(quantile(seen, 0.95))}, max ${ms(Math.max(...seen))} (${seen.length} views${missed > 0 ? `, ${missed} not shown within 30 s` : ''})`;
}

export async function benchCrowd(): Promise<Row[]> {
  const viewers = Math.max(REAL_TABS, durations.crowdViewers);
  const seconds = durations.crowdSeconds;
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-bench-crowd-'));
  const target = await startLocalPostgres({ dir, maxConnections: 60 });
  let app: BenchApp | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const crowd: Viewer[] = [];
  try {
    app = await startBenchApp({}, ADMIN);
    const created = await fetch(`${app.baseUrl}/api/users`, {
      method: 'POST',
      headers: { ...app.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ ...VIEWER, displayName: 'Bench Viewer', role: 'viewer' }),
    });
    if (!created.ok) throw new Error(`POST /api/users: ${created.status} ${await created.text()}`);
    const { id: userId } = (await created.json()) as { id: string };
    const id = await app.addTarget('bench-crowd', target.url(), 1000);
    await backfill(app.storeUrl, id);
    const pagePath = `/targets/${id}?range=5m`;

    browser = await launchChromium();
    // The first viewer signs in through the API as a browser does; the others' sessions are made in the store.
    const signedIn = (await signIn(app.baseUrl, VIEWER)).split('=')[1]!;
    const tokens = [decodeURIComponent(signedIn), ...(await viewerSessions(app.storeUrl, userId, viewers - 1))];
    const recorded = await recordPagePattern(browser, app.baseUrl, { name: SESSION_COOKIE, value: tokens[0]! }, pagePath, RECORD_SECONDS);
    contexts.push(recorded.context);
    const pattern: PagePattern = recorded.pattern;
    console.log(`bench: crowd: one target page asks ${describePattern(pattern)}`);

    const alone = await measureWindow(app, [recorded.page], target.url(), seconds);

    const pages = [recorded.page];
    for (const token of tokens.slice(1, REAL_TABS)) {
      const tab = await openTab(browser, app, token, pagePath);
      contexts.push(tab.context);
      pages.push(tab.page);
    }
    const timed: TimedRequest[] = [];
    const counts: ViewerCounts = { samples: 0, reconnects: 0 };
    const simulated = tokens.slice(REAL_TABS);
    // The server's CPU per request while the crowd arrives: what each request costs, whatever
    // share of the (shared) machine the server got.
    const arrivalCpuBefore = cpuSeconds(app.serverPid);
    for (const [i, token] of simulated.entries()) {
      await sleep(ARRIVAL_MS / simulated.length);
      crowd.push(startViewer({ baseUrl: app.baseUrl, cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}`, pattern, record: (request) => timed.push(request), counts }));
      if (i === simulated.length - 1) console.log(`bench: crowd: ${pages.length} tabs and ${crowd.length} simulated viewers open`);
    }
    await sleep(SETTLE_MS);
    const arrivalCpu = cpuSeconds(app.serverPid) - arrivalCpuBefore;
    const windowStart = Date.now();
    const samplesBefore = counts.samples;
    const inCrowd = await measureWindow(app, pages, target.url(), seconds);
    const arrival = timed.filter((request) => request.at < windowStart);
    const inWindow = timed.filter((request) => request.at >= windowStart);
    const failed = inWindow.filter((request) => request.status !== 200).length;
    const statuses = new Map<number, number>();
    // -1: the request failed without an answer (refused, reset, timed out).
    for (const request of timed) statuses.set(request.status, (statuses.get(request.status) ?? 0) + 1);
    const failures = new Map<string, number>();
    for (const { failure } of timed) if (failure) failures.set(failure, (failures.get(failure) ?? 0) + 1);
    console.log(`bench: crowd: answers by status ${[...statuses].map(([status, n]) => `${status}: ${n}`).join(', ')}; no answer: ${[...failures].map(([why, n]) => `${why}: ${n}`).join(', ') || 'none'}; server log tail:\n${app.logs.slice(-15).join('\n')}`);
    const series = inWindow.filter((request) => request.path.includes('/series'));
    const windowSeconds = (Date.now() - windowStart) / 1000;

    return [
      ['crowd: what one target page asks (Chromium, 5-minute range)', `${pattern.opening.length} requests at opening, ${(pattern.afterSample.flat().length / Math.max(1, pattern.afterSample.length)).toFixed(2)} a sample after`, `${RECORD_SECONDS} s recorded: ${describePattern(pattern)}; ${BEFORE.crowd}`],
      [`crowd: server CPU, ${viewers} viewers of one target page`, `${inCrowd.cores.toFixed(2)} core`, `goal ≤ 0.5; alone (1 tab): ${alone.cores.toFixed(2)} core; ${pages.length} Chromium tabs + ${crowd.length} simulated, ${windowSeconds.toFixed(0)} s; its event loop waited for a CPU ${percent(inCrowd.waited)} of the window (alone ${percent(alone.waited)}); process ${processName(app.serverPid)}`],
      [
        `crowd: API latency, ${viewers} viewers (the page's requests)`,
        inWindow.length > 0 ? latencyFigure(inWindow) : 'no requests in the window',
        `goal p95 ≤ 100 ms; ${inWindow.length} requests (${(inWindow.length / windowSeconds).toFixed(1)}/s), ${failed} not 200; series ${series.length > 0 ? latencyFigure(series) : 'none'}; ${counts.reconnects} reconnects, ${counts.samples - samplesBefore} samples pushed`,
      ],
      [
        `crowd: API latency while ${crowd.length} viewers arrive (${ARRIVAL_MS / 1000} s)`,
        arrival.length > 0 ? latencyFigure(arrival) : 'no requests',
        `${arrival.length} requests, ${arrival.filter((request) => request.status !== 200).length} not 200: every page's opening requests at once; server CPU ${(arrivalCpu * 1000).toFixed(0)} ms in all, ${((arrivalCpu * 1000) / Math.max(1, arrival.length)).toFixed(1)} ms a request`,
      ],
      [`crowd: freshness in ${pages.length} Chromium tabs, ${viewers} viewers`, freshnessFigure(inCrowd.freshness), `alone (1 tab): ${freshnessFigure(alone.freshness)}`],
    ];
  } finally {
    for (const viewer of crowd) viewer.stop();
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await app?.stop();
    await target.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
