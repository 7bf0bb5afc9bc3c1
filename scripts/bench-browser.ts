/**
 * Figures that need the built app and a browser:
 *
 *  - Lifeguard's connections on a target (pg_stat_activity polled every 50 ms for a while):
 *    the persistent sampling connection and the short probe connections.
 *  - End-to-end freshness: connections opened on the target until the target page in headless
 *    Chromium shows them (`[data-testid="latest-total"]`'s data-total), over many trials.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import pg from 'pg';
import { COLLECTOR_APPLICATION_NAME } from '../lib/collector/target-sampler';
import { PROBE_APPLICATION_NAME } from '../lib/collector/probe';
import { startLocalPostgres } from '../lib/store/local-postgres';
import { sleep } from './support/processes';
import { durations, ms, quantile, startBenchApp, type Row } from './bench-support';
import { launchChromium } from './support/chromium';

/** More than one connection per trial: a probe connection (at most one) can never pass for them. */
const OPENED_PER_TRIAL = 5;

export async function benchBrowser(): Promise<Row[]> {
  const rows: Row[] = [];
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-bench-browser-'));
  const target = await startLocalPostgres({ dir, maxConnections: 60 });
  const app = await startBenchApp().catch(async (error: unknown) => {
    await target.stop();
    throw error;
  });
  let browser: Browser | undefined;
  const opened: pg.Client[] = [];
  try {
    const id = await app.addTarget('bench-freshness', target.url(), 1000);
    rows.push(await footprint(target.url()));

    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/targets/${id}`);
    const latest = page.getByTestId('latest-total');
    await latest.and(page.locator('[data-total]')).waitFor({ timeout: 30_000 });
    const readTotal = async () => Number(await latest.getAttribute('data-total'));
    /** Resolves as soon as the page's latest total is at least (or at most) `wanted`, checked every animation frame (~16 ms) in the page. */
    const waitForTotal = (wanted: number, atLeast: boolean) =>
      page.waitForFunction(
        ({ n, up }) => {
          const total = Number(document.querySelector('[data-testid="latest-total"]')?.getAttribute('data-total'));
          return up ? total >= n : total <= n;
        },
        { n: wanted, up: atLeast },
        { polling: 'raf', timeout: 30_000 },
      );

    const seen: number[] = [];
    for (let trial = 0; trial < durations.freshnessTrials; trial++) {
      // A random phase against the 1 s sampling grid, so the trials cover all of it.
      await sleep(Math.random() * 1000);
      const before = await readTotal();
      const clients = Array.from({ length: OPENED_PER_TRIAL }, () => new pg.Client({ connectionString: target.url(), application_name: 'bench-freshness' }));
      opened.push(...clients);
      await Promise.all(clients.map((client) => client.connect()));
      // From the moment the last connection exists on the server.
      const start = performance.now();
      await waitForTotal(before + OPENED_PER_TRIAL, true);
      seen.push(performance.now() - start);
      await Promise.all(clients.map((client) => client.end()));
      opened.splice(0);
      // Back to the baseline before the next trial (a probe may add one meanwhile).
      await waitForTotal(before + 1, false);
    }
    rows.push([
      'end-to-end freshness (connection opened → shown in browser)',
      `median ${ms(quantile(seen, 0.5))}, p95 ${ms(quantile(seen, 0.95))}`,
      `${seen.length} trials at 1 s interval, max ${ms(Math.max(...seen))}, ${seen.filter((value) => value > 2000).length} over the 2000 ms bar`,
    ]);
  } finally {
    await Promise.all(opened.map((client) => client.end().catch(() => undefined)));
    await browser?.close();
    await app.stop();
    await target.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * Lifeguard's sessions on the target, polled every 50 ms for BENCH_FOOTPRINT_SECONDS. A probe
 * shorter than the polling period can be missed; the persistent connection cannot.
 */
async function footprint(url: string): Promise<Row> {
  const observer = new pg.Client({ connectionString: url, application_name: 'bench-observer' });
  await observer.connect();
  let maxPersistent = 0;
  let maxProbes = 0;
  let maxTotal = 0;
  const probePids = new Set<number>();
  const end = Date.now() + durations.footprintSeconds * 1000;
  try {
    while (Date.now() < end) {
      const { rows } = await observer.query<{ pid: number; application_name: string }>(
        'SELECT pid, application_name FROM pg_stat_activity WHERE application_name = ANY($1::text[])',
        [[COLLECTOR_APPLICATION_NAME, PROBE_APPLICATION_NAME]],
      );
      const probes = rows.filter((row) => row.application_name === PROBE_APPLICATION_NAME);
      for (const probe of probes) probePids.add(probe.pid);
      maxPersistent = Math.max(maxPersistent, rows.length - probes.length);
      maxProbes = Math.max(maxProbes, probes.length);
      maxTotal = Math.max(maxTotal, rows.length);
      await sleep(50);
    }
  } finally {
    await observer.end();
  }
  return [
    "Lifeguard's connections per target",
    `max ${maxTotal} at once: ${maxPersistent} persistent + ${maxProbes} probe`,
    `${probePids.size} probe sessions seen in ${durations.footprintSeconds} s; bar: 1 persistent + at most 1 probe`,
  ];
}
