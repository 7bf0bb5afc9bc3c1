/**
 * npm run screenshot — public/screenshot.png, the README's picture: the target page of the demo's
 * "production" database in the middle of its flood.
 *
 * Runs `npm run demo` in a fresh data directory on a free port (a short calm phase, so the flood
 * comes soon), signs in on the sign-in page in Chromium with the admin account the demo prints,
 * waits until the target refuses connections and the critical alert fires, opens the target page
 * (1280×800, the dark theme) and takes its first screenful, then stops the demo with one SIGTERM,
 * as a Ctrl-C would, and checks that nothing it started is left running.
 *
 * The demo is used only as a user would: its command, its printed sign-in, and HTTP, so this
 * script does not depend on where the demo's code lives.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support/chromium';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUTPUT = path.join(ROOT, 'public', 'screenshot.png');
const VIEWPORT = { width: 1280, height: 800 };
/** The flood is the picture: a short calm, just enough for Lifeguard to settle. */
const CALM_SECONDS = 30;
/** Outlasts the wait below, so the picture is taken while the flood is on. */
const SURGE_SECONDS = 120;
/** Into the refusals, so the alerts have fired and the finding names the instances' waiting clients. */
const AFTER_FLOOD_MS = 15_000;
const STOP_GRACE_MS = 90_000;

interface Demo {
  /** Resolves with the first printed line that matches; rejects if the demo exits first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function startDemo(port: number, dataDir: string): Demo {
  const child = spawn('npm', ['run', 'demo'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), LIFEGUARD_DATA_DIR: dataDir, DEMO_CALM_SECONDS: String(CALM_SECONDS), DEMO_SURGE_SECONDS: String(SURGE_SECONDS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiters = new Set<{ pattern: RegExp; resolve(match: RegExpMatchArray): void }>();
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      console.log(`  | ${line}`);
      for (const waiter of waiters) {
        const match = line.match(waiter.pattern);
        if (match) {
          waiters.delete(waiter);
          waiter.resolve(match);
        }
      }
    });
  }
  return {
    waitForLine: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const waiter = { pattern, resolve };
        waiters.add(waiter);
        void exited.then(() => reject(new Error(`the demo exited before printing ${pattern}`)));
        setTimeout(() => reject(new Error(`the demo did not print ${pattern} within ${timeoutMs / 1000} s`)), timeoutMs).unref();
      }),
    // One SIGTERM to npm, which passes it on: the demo then stops its fleet, Lifeguard and the
    // production database in order. Signalling more processes would look like a second Ctrl-C,
    // which makes the demo force its way out.
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => console.error(`the demo is still stopping after ${STOP_GRACE_MS / 1000} s`), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` answers something, or fails after `timeoutMs`. */
async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(1000);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Processes still running that belong to this run: their command line or environment names its data directory. */
async function leftovers(dataDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const [cmdline, environ] = await Promise.all([readFile(`/proc/${entry}/cmdline`, 'utf8'), readFile(`/proc/${entry}/environ`, 'utf8')]);
      if (cmdline.includes(dataDir) || environ.split('\0').includes(`LIFEGUARD_DATA_DIR=${dataDir}`)) found.push(`${entry} ${cmdline.replaceAll('\0', ' ').trim()}`);
    } catch {
      // gone while we looked, or not ours to read
    }
  }
  return found;
}

async function takeScreenshot(baseUrl: string, demo: Demo): Promise<void> {
  const [, email, password] = await demo.waitForLine(/Admin:\s+(\S+@\S+) \/ (\S+)/, 10 * 60_000);
  if (!email || !password) throw new Error('the demo printed no admin sign-in');
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT, colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto('/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/');

    // The page's own session answers the polls below.
    const getJson = async <T>(url: string): Promise<T | undefined> => {
      const response = await context.request.get(url);
      return response.ok() ? ((await response.json()) as T) : undefined;
    };
    const targets = (await getJson<{ id: string; name: string }[]>('/api/targets')) ?? [];
    const production = targets.find((t) => t.name === 'production');
    if (!production) throw new Error(`no target "production" among: ${targets.map((t) => t.name).join(', ')}`);
    console.log(`screenshot: waiting for the flood (calm phase ${CALM_SECONDS} s)…`);
    await until('the target to refuse connections', (CALM_SECONDS + 90) * 1000, async () => {
      const snapshot = await getJson<{ errorCode: string | null }>(`/api/targets/${production.id}/snapshot`);
      return snapshot?.errorCode === '53300' ? true : undefined;
    });
    await until('the critical alert', 60_000, async () => {
      const firing = (await getJson<{ severity: string }[]>(`/api/alerts?state=firing&targetId=${production.id}`)) ?? [];
      return firing.some((alert) => alert.severity === 'critical') ? true : undefined;
    });
    console.log(`screenshot: refusing connections, critical alert firing; taking the picture in ${AFTER_FLOOD_MS / 1000} s`);
    await sleep(AFTER_FLOOD_MS);

    await page.goto(`/targets/${production.id}`);
    await page.locator('[data-testid="target-health"]', { hasText: /refusing/i }).waitFor();
    await page.getByTestId('alert-banner').waitFor();
    await page.getByTestId('finding-panel').getByText(/who holds the connections/i).waitFor();
    await page.locator('[data-testid="feed-status"][data-state="live"]').waitFor();
    // The first screenful: the alerts, the target refusing connections, and the finding naming who holds them.
    await page.screenshot({ path: OUTPUT });
    console.log(`screenshot: wrote ${path.relative(ROOT, OUTPUT)}`);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lifeguard-screenshot-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  console.log(`screenshot: npm run demo on port ${port}, data in ${dataDir}`);
  const demo = startDemo(port, dataDir);
  let failed = false;
  try {
    await takeScreenshot(baseUrl, demo);
  } catch (error) {
    failed = true;
    console.error(`screenshot: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    console.log('screenshot: stopping the demo');
    await demo.stop();
  }
  const left = await leftovers(dataDir);
  if (left.length > 0) {
    console.error(`screenshot: still running after the demo stopped:\n  ${left.join('\n  ')}`);
    failed = true;
  } else {
    await rm(dataDir, { recursive: true, force: true });
    console.log('screenshot: the demo stopped; no process of it is left');
  }
  process.exit(failed ? 1 : 0);
}

await main();
