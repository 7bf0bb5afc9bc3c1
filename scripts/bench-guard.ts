/**
 * The demo's surge, unguarded and guarded: the built app watching the demo's "production"
 * database (max_connections 100, 97 usable) while the demo's fleets (6 × worksmart-web with pool
 * max 50, 2 × worksmart-worker with pool max 5) run the same calm → surge twice: once reporting
 * only, once with pg-lifeguard's guard keeping each pool to its allowance. Per way: refusals
 * (SQLSTATE 53300) per minute, peak client backends on the server, p95 request latency, and
 * pool timeouts per minute, all over the surge.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loopbackAddresses, startFleet, type Fleet } from '../lib/drills/fleet';
import { WEB_CALM, WEB_IDLE_TIMEOUT_MS, WEB_SURGE, WORKER_LOAD } from './demo/loads';
import { loadDemoOptions } from './demo/options';
import { startProduction, type Production } from './demo/production';
import { sleep } from './support/processes';
import { durations, quantile, startBenchApp, type Row } from './bench-support';

interface SurgeFigures {
  refusalsPerMinute: number;
  timeoutsPerMinute: number;
  servedPerMinute: number;
  peakBackends: number;
  peakWaiting: number;
  p95Ms: number;
  webMax: number;
  /** Refusals of worksmart-worker, the bystander with a sane pool of 5. */
  bystanderRefusals: number;
}

export async function benchGuard(): Promise<Row[]> {
  const surgeMs = durations.quick ? 20_000 : 60_000;
  const demo = loadDemoOptions({});
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-bench-guard-'));
  const production = await startProduction(path.join(dir, 'production'), () => undefined);
  const monitor = new pg.Client({ connectionString: production.server.url(), application_name: 'bench-monitor' });
  let app: Awaited<ReturnType<typeof startBenchApp>> | undefined;
  try {
    await monitor.connect();
    app = await startBenchApp();
    await app.addTarget('production', production.monitorUrl, 1000);
    const run = (guard: boolean) => surge(production, monitor, app?.baseUrl ?? '', demo, guard, surgeMs);
    const unguarded = await run(false);
    const guarded = await run(true);
    const way = (name: string, f: SurgeFigures): Row => [
      `demo surge ${name}: refusals/min, peak backends, p95`,
      `${f.refusalsPerMinute} /min, ${f.peakBackends} of 100, p95 ${f.p95Ms} ms`,
      `web pool max ${f.webMax}; pool timeouts ${f.timeoutsPerMinute} /min, served ${f.servedPerMinute} /min, up to ${f.peakWaiting} waiting; bystander refused ${f.bystanderRefusals}; ${surgeMs / 1000} s surge`,
    ];
    return [way('unguarded', unguarded), way('guarded', guarded)];
  } finally {
    await app?.stop();
    await monitor.end().catch(() => undefined);
    await production.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function surge(production: Production, monitor: pg.Client, lifeguardUrl: string, demo: ReturnType<typeof loadDemoOptions>, guard: boolean, surgeMs: number): Promise<SurgeFigures> {
  const latencies: number[] = [];
  let recording = false;
  const onResult = (latencyMs: number) => {
    if (recording) latencies.push(latencyMs);
  };
  const reportTo = { url: lifeguardUrl, target: 'production', guard };
  const fleets: Fleet[] = [
    startFleet({ url: production.appUrl, app: 'worksmart-web', instances: demo.instances, poolMax: demo.poolMax, idleTimeoutMillis: WEB_IDLE_TIMEOUT_MS, load: WEB_CALM, clientAddress: loopbackAddresses('127.0.1'), reportTo, onResult }),
    startFleet({ url: production.appUrl, app: 'worksmart-worker', instances: 2, poolMax: 5, idleTimeoutMillis: 10_000, load: WORKER_LOAD, clientAddress: loopbackAddresses('127.0.2'), reportTo, onResult }),
  ];
  const [web] = fleets as [Fleet, Fleet];
  const webMax = () => Math.max(...web.stats().instances.map((instance) => instance.poolMax));
  try {
    // Guarded: the allowance is in force once Lifeguard has answered (it needs its first report round).
    for (const end = Date.now() + 30_000; guard && webMax() === demo.poolMax && Date.now() < end; ) await sleep(200);
    await sleep(10_000);
    const before = fleets.map((fleet) => fleet.stats());
    recording = true;
    web.setLoad(WEB_SURGE);
    let peakBackends = 0;
    let peakWaiting = 0;
    for (const end = Date.now() + surgeMs; Date.now() < end; await sleep(250)) {
      const { rows } = await monitor.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend'`);
      peakBackends = Math.max(peakBackends, rows[0]?.n ?? 0);
      peakWaiting = Math.max(peakWaiting, web.stats().poolWaiting);
    }
    recording = false;
    const after = fleets.map((fleet) => fleet.stats());
    const delta = (pick: (stats: (typeof after)[number]) => number) => after.reduce((total, stats, i) => total + pick(stats) - pick(before[i] ?? stats), 0);
    const perMinute = (count: number) => Math.round((count / surgeMs) * 60_000);
    return {
      refusalsPerMinute: perMinute(delta((s) => s.tooManyClients)),
      timeoutsPerMinute: perMinute(delta((s) => s.timeouts)),
      servedPerMinute: perMinute(delta((s) => s.ok)),
      peakBackends,
      peakWaiting,
      p95Ms: Math.round(quantile(latencies, 0.95)),
      webMax: webMax(),
      bystanderRefusals: (after[1]?.tooManyClients ?? 0) - (before[1]?.tooManyClients ?? 0),
    };
  } finally {
    await Promise.all(fleets.map((fleet) => fleet.stop()));
  }
}
