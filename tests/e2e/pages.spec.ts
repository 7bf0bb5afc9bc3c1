import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page, type Request } from '@playwright/test';
import { startLocalPostgres, type LocalPostgres } from '../../lib/store/local-postgres';
import { ACCOUNTS_SERVER, serverUrl } from '../support/e2e-servers';

/**
 * Every page of the app, opened as a signed-in admin would, must load without a console error, an
 * uncaught exception or a failed request: each of those is something broken that the person at
 * the screen does not see but the browser does (a missing icon, a 401 the page swallowed, a
 * hydration mismatch). Runs against the Lifeguard with accounts, so sign-in is real.
 */
test.use({ baseURL: serverUrl(ACCOUNTS_SERVER) });

let target: LocalPostgres;
let dir: string;
let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;
const ids = { target: '', incident: '' };
const TARGET = `e2e-pages-${process.pid}`;
const APPLICATION = 'pages-web';

/** The pages, in the order of the navigation (components/nav/site-header.tsx), then the rest. */
const PAGES: { name: string; path: () => string }[] = [
  { name: 'overview', path: () => '/' },
  { name: 'targets', path: () => '/targets' },
  { name: 'a target', path: () => `/targets/${ids.target}` },
  { name: 'an application', path: () => `/applications/${APPLICATION}` },
  { name: 'alerts', path: () => '/alerts' },
  { name: 'alert rules', path: () => '/alerts/rules' },
  { name: 'alert receivers', path: () => '/alerts/receivers' },
  { name: 'incidents', path: () => '/incidents' },
  { name: 'an incident', path: () => `/incidents/${ids.incident}` },
  { name: "an incident's postmortem", path: () => `/incidents/${ids.incident}/postmortem` },
  { name: 'action items', path: () => '/action-items' },
  { name: 'checklists', path: () => '/checklists' },
  { name: 'users', path: () => '/admin/users' },
  { name: 'API tokens', path: () => '/admin/tokens' },
  { name: 'audit log', path: () => '/admin/audit' },
  { name: 'setup (done)', path: () => '/setup' },
];

test.beforeAll(async ({ browser }) => {
  dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-e2e-pages-'));
  target = await startLocalPostgres({ dir, maxConnections: 30 });
  signedIn = await signIn(browser);
  const context = await browser.newContext({ storageState: signedIn });
  try {
    const { request } = context;
    const created = await request.post('/api/targets', { data: { name: TARGET, url: target.url(), intervalMs: 500 } });
    expect(created.status(), await created.text()).toBe(201);
    ids.target = ((await created.json()) as { id: string }).id;
    const declared = await request.post('/api/incidents', { data: { title: 'Pages walk', severity: 'SEV2', by: 'Walker', targetIds: [ids.target] } });
    expect(declared.status(), await declared.text()).toBe(201);
    ids.incident = ((await declared.json()) as { id: string }).id;
    const note = await request.post(`/api/incidents/${ids.incident}/timeline`, { data: { by: 'Walker', body: 'Pool at **29/27**' } });
    expect(note.status(), await note.text()).toBe(201);
    const report = { application: APPLICATION, instance: 'web-1', target: TARGET, at: new Date().toISOString(), poolMax: 5, total: 2, idle: 1, waiting: 0, queries: 10, errors: 1, refusals: 1, p50Ms: 1, p95Ms: 9, p99Ms: 12 };
    const ingested = await request.post('/api/ingest', { data: { reports: [report] } });
    expect(ingested.status(), await ingested.text()).toBe(202);
    const item = await request.post(`/api/incidents/${ids.incident}/action-items`, { data: { text: 'Cap the pool', owner: 'Walker', by: 'Walker' } });
    expect(item.status(), await item.text()).toBe(201);
  } finally {
    await context.close();
  }
});

test.afterAll(async () => {
  await target?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Signs in through the sign-in page, as a person would, and keeps the session cookie. */
async function signIn(browser: Browser): Promise<typeof signedIn> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto('/signin');
    await page.getByLabel('Email').fill(ACCOUNTS_SERVER.adminEmail);
    await page.getByLabel('Password').fill(ACCOUNTS_SERVER.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('person-switch')).toContainText('You:');
    // The live feed, closed on the sign-in page, opens once the person has left it.
    await expect(page.getByTestId('feed-status')).toHaveAttribute('data-state', 'live');
    return await context.storageState();
  } finally {
    await context.close();
  }
}

/**
 * Opens `pagePath` in a new tab of `context`, waits for it to settle, and lists what went wrong;
 * answers where the tab ended up too. Recording stops before the tab closes: closing aborts the
 * live-update stream, which is not a failure of the page.
 */
async function visit(context: BrowserContext, pagePath: string): Promise<{ landedOn: string; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  let recording = true;
  const note = (problem: string) => {
    if (recording) problems.push(problem);
  };
  page.on('console', (message) => {
    if (message.type() === 'error') note(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => note(`uncaught exception: ${error.message}`));
  page.on('requestfailed', (request) => {
    // The router drops a link's prefetch when it no longer needs it (a newer one superseded it):
    // a cancellation the page chose, not a failure anyone sees.
    if (request.headers()['next-router-prefetch'] === '1' && request.failure()?.errorText === 'net::ERR_ABORTED') return;
    note(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'no reason given'})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) note(`HTTP ${response.status()} for ${response.request().method()} ${response.url()}`);
  });
  const requests = trackRequests(page);
  await page.goto(pagePath);
  await requests.quiet();
  // The browser fetches the tab's icon (and the manifest) itself, out of the page's sight: the
  // events above never see them. Ask for them as it does, with this tab's cookies.
  for (const url of await tabResources(page)) {
    const response = await context.request.get(url, { maxRedirects: 0 });
    if (response.status() !== 200) note(`HTTP ${response.status()} for GET ${url} (the tab's icon or manifest)`);
  }
  recording = false;
  const landedOn = new URL(page.url()).pathname;
  await page.close();
  return { landedOn, problems };
}

/** Every icon and manifest the page links, and /favicon.ico, which browsers ask for regardless. */
async function tabResources(page: Page): Promise<string[]> {
  const linked = await page.locator('link[rel~="icon"], link[rel="apple-touch-icon"], link[rel="manifest"]').evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
  return [...new Set([new URL('/favicon.ico', page.url()).href, ...linked])];
}

/**
 * Counts the page's requests in flight from now on; `quiet()` waits until none has been for a
 * while. The live-update stream stays open by design, so it does not count.
 */
function trackRequests(page: Page): { quiet(quietMs?: number, maxMs?: number): Promise<void> } {
  const inFlight = new Set<Request>();
  let lastChange = Date.now();
  page.on('request', (request) => {
    if (new URL(request.url()).pathname !== '/api/events') inFlight.add(request);
    lastChange = Date.now();
  });
  const done = (request: Request) => {
    inFlight.delete(request);
    lastChange = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    quiet: async (quietMs = 750, maxMs = 15_000) => {
      const deadline = Date.now() + maxMs;
      while (Date.now() < deadline && (inFlight.size > 0 || Date.now() - lastChange < quietMs)) await page.waitForTimeout(100);
    },
  };
}

for (const { name, path: pagePath } of PAGES) {
  test(`${name} opens signed in without a console error or failed request`, async ({ browser }) => {
    const context = await browser.newContext({ storageState: signedIn });
    const { landedOn, problems } = await visit(context, pagePath());
    await context.close();
    expect(problems, `${name} (${pagePath()})`).toEqual([]);
    // Still where we asked to be: a refused session would have sent us to /signin.
    expect(landedOn).toBe(pagePath());
  });
}

test('the walk covers every link of the navigation', async ({ browser }) => {
  const context = await browser.newContext({ storageState: signedIn });
  const page = await context.newPage();
  await page.goto('/');
  const nav = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
  await context.close();
  expect(nav.length).toBeGreaterThan(0);
  const walked = PAGES.map((entry) => entry.path());
  for (const href of nav) expect(walked, `the navigation links ${href}`).toContain(href);
});

test('the sign-in page opens signed out without a console error or failed request', async ({ browser }) => {
  const context = await browser.newContext();
  const { problems } = await visit(context, '/signin');
  await context.close();
  expect(problems, 'sign-in (/signin)').toEqual([]);
});

test('the icons, the manifest and its icons answer 200 to a browser that is not signed in', async ({ browser, request }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/signin');
  const resources = await tabResources(page);
  await context.close();
  const manifestUrl = resources.find((url) => url.endsWith('.webmanifest'));
  expect(manifestUrl, 'the page links a web manifest').toBeDefined();
  const manifest = await request.get(manifestUrl ?? '');
  expect(manifest.status()).toBe(200);
  const { icons } = (await manifest.json()) as { icons: { src: string }[] };
  // `request` carries no cookie: the auth layer must let these through.
  const urls = new Set([...resources, ...icons.map((icon) => new URL(icon.src, manifestUrl).href)]);
  expect(urls.size).toBeGreaterThanOrEqual(5);
  for (const url of urls) {
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBe(200);
    expect(response.headers()['content-type'], url).toMatch(/^(image\/|application\/manifest\+json)/);
  }
});
