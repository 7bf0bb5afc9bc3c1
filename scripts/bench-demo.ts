/**
 * Memory of the server during the demo: the built app watching the demo's "production" database
 * (scripts/demo/production) while the demo's fleets (lib/drills/fleet) run the calm → surge →
 * recovery cycle (lib/drills/scenario) and report their pools to the app, with the target page
 * open in headless Chromium (live updates flowing), for BENCH_DEMO_MINUTES. The next-server's
 * RSS is read at the start, every 5 s (for the peak) and at the end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { loadDemoOptions } from './demo/options';
import { loopbackAddresses, startFleet, type Fleet } from '../lib/drills/fleet';
import { WEB_CALM, WEB_IDLE_TIMEOUT_MS as IDLE_TIMEOUT_MS, WEB_SURGE, WORKER_LOAD } from './demo/loads';
import { startProduction } from './demo/production';
import { runScenario } from '../lib/drills/scenario';
import { rssMiB, sleep } from './support/processes';
import { durations, startBenchApp, type Row } from './bench-support';
import { launchChromium } from './support/chromium';


export async function benchDemo(): Promise<Row[]> {
  const minutes = durations.demoMinutes;
  // The demo's defaults (6 × pool max 50 against max_connections 100); a quick run shortens the cycle so it still floods.
  const demo = loadDemoOptions({});
  const cycle = durations.quick
    ? { calmMs: 10_000, surgeMs: 25_000, recoveryMs: 25_000 }
    : { calmMs: demo.calmMs, surgeMs: demo.surgeMs, recoveryMs: IDLE_TIMEOUT_MS + 20_000 };
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-bench-demo-'));
  const production = await startProduction(path.join(dir, 'production'), () => undefined);
  const fleets: Fleet[] = [];
  let browser: Browser | undefined;
  let app: Awaited<ReturnType<typeof startBenchApp>> | undefined;
  let peakTimer: NodeJS.Timeout | undefined;
  try {
    app = await startBenchApp();
    const id = await app.addTarget('production', production.monitorUrl, 1000);
    const reportTo = { url: app.baseUrl, target: 'production' };
    fleets.push(
      startFleet({ url: production.appUrl, app: 'worksmart-web', instances: demo.instances, poolMax: demo.poolMax, idleTimeoutMillis: IDLE_TIMEOUT_MS, load: WEB_CALM, clientAddress: loopbackAddresses('127.0.1'), reportTo }),
      startFleet({ url: production.appUrl, app: 'worksmart-worker', instances: 2, poolMax: 5, idleTimeoutMillis: 10_000, load: WORKER_LOAD, clientAddress: loopbackAddresses('127.0.2'), reportTo }),
    );
    const [web, worker] = fleets as [Fleet, Fleet];
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/targets/${id}`);

    const serverPid = app.serverPid;
    const start = rssMiB(serverPid);
    let peak = start;
    peakTimer = setInterval(() => {
      peak = Math.max(peak, rssMiB(serverPid));
    }, 5000);
    let cycles = 1;
    const scenario = runScenario({
      parts: [
        { fleet: web, calm: WEB_CALM, surge: WEB_SURGE },
        { fleet: worker, calm: WORKER_LOAD },
      ],
      ...cycle,
      onPhase: (_phase, n) => {
        cycles = n;
      },
    });
    await sleep(minutes * 60_000);
    scenario.stop();
    const end = rssMiB(serverPid);
    peak = Math.max(peak, end);
    const stats = web.stats();
    return [
      [
        `server memory (RSS) after ${minutes} min of the demo`,
        `${start} MiB at start → ${end} MiB after ${minutes} min (peak ${peak} MiB)`,
        `next-server; ${cycles} flood cycle(s), ${stats.tooManyClients} refusals seen by the fleet, target page open`,
      ],
    ];
  } finally {
    clearInterval(peakTimer);
    await Promise.allSettled(fleets.map((fleet) => fleet.stop()));
    await browser?.close();
    await app?.stop();
    await production.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
