/**
 * Figures that need the built app and a browser:
 *
 *  - Lifeguard's connections on a target (pg_stat_activity polled every 50 ms for a while):
 *    the persistent sampling connection and the short probe connections.
 *  - End-to-end freshness at 250 ms and 1 s sampling intervals, stage by stage
 *    (scripts/bench-freshness-stages.ts).
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
import { durations, startBenchApp, type Row } from './bench-support';
import { benchFreshness } from './bench-freshness-stages';
import { launchChromium } from './support/chromium';

export async function benchBrowser(): Promise<Row[]> {
  const rows: Row[] = [];
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-bench-browser-'));
  const target = await startLocalPostgres({ dir, maxConnections: 60 });
  const app = await startBenchApp().catch(async (error: unknown) => {
    await target.stop();
    throw error;
  });
  let browser: Browser | undefined;
  try {
    const id = await app.addTarget('bench-footprint', target.url(), 1000);
    rows.push(await footprint(target.url()));

    // The footprint's target goes before the freshness targets come, so one sampler runs at a time.
    await fetch(`${app.baseUrl}/api/targets/${id}`, { method: 'DELETE' });
    browser = await launchChromium();
    for (const intervalMs of [250, 1000]) rows.push(...(await benchFreshness(app, browser, target.url(), intervalMs)));
  } finally {
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
