import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import type { GuardOptions } from 'pg-lifeguard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as allowanceRoute from '@/app/api/applications/[name]/allowance/route';
import * as checkRoute from '@/app/api/budget/check/route';
import * as ingestRoute from '@/app/api/ingest/route';
import { startFleet, type Fleet, type Load } from '@/lib/drills/fleet';
import { recordSample } from '@/lib/samples/record';
import { prepareDrillDatabase } from '@/scripts/support/drill-database';
import { serveRoutes, type Route, type ServedRoutes } from '../support/http-routes';
import { startTestApp } from '../support/app';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

/**
 * The postmortem's surge against a real PostgreSQL with 37 usable connections (max_connections
 * 40, 3 reserved), from 3 instances × pool max 20 = 60: unguarded, the pools grow into
 * "too many clients"; guarded by pg-lifeguard against Lifeguard's real route handlers (served
 * over loopback HTTP), each pool keeps to its allowance of 10 and the surge waits in the pools.
 * The figures of both ways are printed for the report.
 */
const APP = 'worksmart-web';
const INSTANCES = 3;
const POOL_MAX = 20;
const ALLOWANCE = 10; // 37 usable − 6 reserve (Lifeguard 2 + 10 % headroom 4) = 31, over 3 instances
const CALM: Load = { ratePerInstance: 10, queryMs: [2, 5] };
const SURGE: Load = { ratePerInstance: 60, queryMs: [200, 400] };
const SURGE_MS = 6000;

let lifeguard: Awaited<ReturnType<typeof startTestApp>>;
let server: TestPostgres;
let monitor: pg.Client;
let appUrl: string;
let usable: number;

const ROUTES: Route[] = [
  { method: 'POST', path: /^\/api\/ingest$/, handler: ingestRoute.POST },
  { method: 'GET', path: /^\/api\/applications\/(?<name>[^/]+)\/allowance$/, handler: allowanceRoute.GET },
  { method: 'POST', path: /^\/api\/budget\/check$/, handler: checkRoute.POST },
];

beforeAll(async () => {
  lifeguard = await startTestApp();
  server = await startTestPostgres({ maxConnections: 40 });
  const prepared = await prepareDrillDatabase({
    adminUrl: server.url(),
    database: 'worksmart',
    appRole: 'worksmart',
    appPassword: 'test-app-password',
    monitorRole: 'lifeguard',
    monitorPassword: 'test-monitor-password',
    orders: 2000,
  });
  appUrl = prepared.appUrl;
  monitor = new pg.Client({ connectionString: server.url(), application_name: 'test-monitor' });
  await monitor.connect();
  // Usable as Lifeguard's collector works it out, recorded as its latest sample of the target.
  const { rows } = await monitor.query<{ max: number; reserved: number }>(
    `SELECT current_setting('max_connections')::int AS max,
            current_setting('superuser_reserved_connections')::int + coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0) AS reserved`,
  );
  const { max, reserved } = rows[0] ?? { max: 0, reserved: 0 };
  usable = max - reserved;
  const target = await lifeguard.store.db.target.create({ data: { name: 'production', url: prepared.monitorUrl } });
  await recordSample(lifeguard.store.db, {
    targetId: target.id,
    at: new Date(),
    maxConnections: max,
    reservedConnections: reserved,
    total: 1,
    states: { active: 1, idle: 0, idleInTransaction: 0, idleInTransactionAborted: 0 },
    waiting: 0,
    oldestXactSeconds: null,
    probeLatencyMs: 1,
    connectLatencyMs: 1,
    commitsPerSec: null,
    rollbacksPerSec: null,
    deadlocksPerSec: null,
    applications: [],
    error: null,
    errorCode: null,
  });
});

afterAll(async () => {
  await monitor?.end();
  await server?.stop();
  await lifeguard?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (await condition()) return true;
    await sleep(50);
  }
  return condition();
}

async function clientBackends(): Promise<number> {
  const { rows } = await monitor.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend'`);
  return rows[0]?.n ?? 0;
}

const poolMaxes = (fleet: Fleet) => fleet.stats().instances.map((instance) => instance.poolMax);

interface SurgeFigures {
  refusals: number;
  refusalsPerMinute: number;
  timeouts: number;
  /** Client backends on the server (every role, the monitor included). */
  peakBackends: number;
  peakWaiting: number;
  p95Ms: number;
  started: number;
  served: number;
  /** Requests the fleet started, from its start, that did not succeed: taken once none is in flight. */
  unserved: number;
  errors: number;
  droppedIdle: number;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.max(0, Math.ceil(sorted.length * 0.95) - 1)] ?? 0);
}

/** Calm, SURGE_MS of surge, calm again until the pools' queues are empty; figures from the surge's start to then. */
async function runSurge(lifeguardUrl: string, guard: false | GuardOptions): Promise<SurgeFigures> {
  const latencies: number[] = [];
  let recording = false;
  const fleet = startFleet({
    url: appUrl,
    app: APP,
    instances: INSTANCES,
    poolMax: POOL_MAX,
    idleTimeoutMillis: 1000,
    // Long enough that a caller queued in a guarded pool is served, not timed out.
    connectionTimeoutMillis: 30_000,
    load: CALM,
    reportTo: { url: lifeguardUrl, target: 'production', intervalMs: 250, timeoutMs: 2000, guard },
    onResult: (ms) => {
      if (recording) latencies.push(ms);
    },
  });
  try {
    if (guard) expect(await waitFor(() => poolMaxes(fleet).every((max) => max === ALLOWANCE), 5000)).toBe(true);
    await sleep(1000);
    const before = fleet.stats();
    recording = true;
    fleet.setLoad(SURGE);
    let peakBackends = 0;
    let peakWaiting = 0;
    for (const end = Date.now() + SURGE_MS; Date.now() < end; await sleep(100)) {
      peakBackends = Math.max(peakBackends, await clientBackends());
      peakWaiting = Math.max(peakWaiting, fleet.stats().poolWaiting);
    }
    fleet.setLoad(CALM);
    expect(await waitFor(async () => {
      peakBackends = Math.max(peakBackends, await clientBackends());
      return fleet.stats().poolWaiting === 0;
    }, 30_000)).toBe(true);
    // No new requests, and every one started has finished (a fixed wait left a few still running
    // on a loaded machine): then every request the fleet ever started has its outcome.
    fleet.setLoad({ ...CALM, ratePerInstance: 0 });
    expect(await waitFor(() => fleet.stats().inFlight === 0, 30_000)).toBe(true);
    recording = false;
    const after = fleet.stats();
    const refusals = after.tooManyClients - before.tooManyClients;
    return {
      refusals,
      refusalsPerMinute: Math.round((refusals / SURGE_MS) * 60_000),
      timeouts: after.timeouts - before.timeouts,
      peakBackends,
      peakWaiting,
      p95Ms: p95(latencies),
      started: after.started - before.started,
      served: after.ok - before.ok,
      unserved: after.started - after.ok,
      errors: after.errors - before.errors,
      droppedIdle: after.droppedIdle,
    };
  } finally {
    await fleet.stop();
  }
}

describe('the same surge, unguarded and guarded', () => {
  let routes: ServedRoutes;
  const figures: Record<string, SurgeFigures> = {};
  beforeAll(async () => {
    routes = await serveRoutes(ROUTES);
  });
  afterAll(async () => {
    await routes?.stop();
    if (Object.keys(figures).length > 0) console.log(`guard surge figures (${usable} usable, ${INSTANCES} × pool max ${POOL_MAX}, ${SURGE_MS / 1000} s surge):`, JSON.stringify(figures, null, 2));
  });

  it('unguarded: the pools grow into the server limit and PostgreSQL refuses them (53300)', async () => {
    expect(usable).toBe(37);
    const unguarded = (figures.unguarded = await runSurge(routes.url, false));
    expect(unguarded.refusals).toBeGreaterThan(0);
    expect(unguarded.peakBackends).toBeGreaterThanOrEqual(usable - 1);
  }, 90_000);

  it('guarded: no refusal, the server stays within usable, and the callers queued in the pools are served', async () => {
    const guarded = (figures.guarded = await runSurge(routes.url, { graceMs: 60_000 }));
    expect(guarded.refusals).toBe(0);
    expect(guarded.errors).toBe(0);
    expect(guarded.droppedIdle).toBe(0);
    // The fleet's 3 × 10 and the monitor: never more than the allowances add up to.
    expect(guarded.peakBackends).toBeLessThanOrEqual(INSTANCES * ALLOWANCE + 1);
    expect(guarded.peakBackends).toBeLessThanOrEqual(usable);
    expect(guarded.peakWaiting).toBeGreaterThan(INSTANCES);
    expect(guarded.unserved).toBe(0);
    // The reports told Lifeguard the pools are guarded, and at what max.
    const reports = await lifeguard.store.db.poolReport.findMany({ where: { application: APP, guarded: true, allowance: ALLOWANCE }, take: 1 });
    expect(reports).toHaveLength(1);
  }, 90_000);
});

describe('Lifeguard stopped mid-surge', () => {
  it('keeps the last allowance for the grace period, then gives the pools their configured max back', async () => {
    const routes = await serveRoutes(ROUTES);
    const graceMs = 4000;
    const fleet = startFleet({
      url: appUrl,
      app: APP,
      instances: INSTANCES,
      poolMax: POOL_MAX,
      idleTimeoutMillis: 1000,
      connectionTimeoutMillis: 30_000,
      load: CALM,
      reportTo: { url: routes.url, target: 'production', intervalMs: 250, timeoutMs: 2000, guard: { graceMs } },
    });
    try {
      expect(await waitFor(() => poolMaxes(fleet).every((max) => max === ALLOWANCE), 5000)).toBe(true);
      fleet.setLoad(SURGE);
      await sleep(1000);
      const beforeStop = fleet.stats().tooManyClients;
      await routes.stop();
      const lastAnswered = Math.max(...routes.calls().flatMap(({ call, answeredAt }) => (call.endsWith('/allowance') && answeredAt ? [answeredAt] : [])));
      // Within the grace period the allowance holds, and the surge still waits in the pools.
      await sleep(1000);
      expect(poolMaxes(fleet)).toEqual([ALLOWANCE, ALLOWANCE, ALLOWANCE]);
      expect(fleet.stats().tooManyClients).toBe(beforeStop);
      expect(fleet.stats().poolWaiting).toBeGreaterThan(0);
      // Then the configured max returns: never worse off than unguarded while Lifeguard is down.
      expect(await waitFor(() => poolMaxes(fleet).every((max) => max === POOL_MAX), graceMs + 5000)).toBe(true);
      // Not before the grace period has passed since the last allowance Lifeguard gave (the
      // guard notes it when the answer has been read, a moment after the server sent it).
      expect(Date.now() - lastAnswered).toBeGreaterThanOrEqual(graceMs - 100);
    } finally {
      fleet.setLoad(CALM);
      await fleet.stop();
      await routes.stop();
    }
  }, 90_000);
});

describe('pg-lifeguard check', () => {
  let routes: ServedRoutes;
  beforeAll(async () => {
    routes = await serveRoutes(ROUTES);
  });
  afterAll(async () => {
    await routes?.stop();
  });

  const cli = (...args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const main = path.resolve(__dirname, '../../packages/pg-lifeguard/src/main.ts');
      const child = spawn(process.execPath, ['--import', 'tsx', main, 'check', '--url', routes.url, ...args], { env: { ...process.env, LIFEGUARD_URL: '' } });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('close', (code) => resolve({ code, out, err }));
    });

  it('exits 0 when the plan fits, 1 when it does not, 2 when it cannot tell', async () => {
    const flood = await cli('--target', 'production', '--application', APP, '--instances', '12', '--pool-max', '50');
    expect(flood.code).toBe(1);
    expect(flood.out).toBe(`does not fit: ${APP} 12 × 50 = 600 > 31 available of 37 usable (reserve 6: Lifeguard 2 + 10 % headroom 4); pool max ≤ 2 fits\n`);
    const sane = await cli('--target', 'production', '--application', APP, '--instances', '3', '--pool-max', '10');
    expect(sane.code).toBe(0);
    expect(sane.out).toMatch(/^fits: /);
    const unknown = await cli('--target', 'staging', '--application', APP, '--instances', '3', '--pool-max', '10');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no target named staging');
    const bad = await cli('--target', 'production', '--application', APP, '--instances', '3', '--pool-max', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('poolMax: must be a whole number from 1 to 100000');
  }, 60_000);
});
