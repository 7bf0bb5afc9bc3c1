/**
 * Shared pieces of `npm run bench`: the durations (from the environment), the table row type,
 * percentiles, and the built app started as a child process with its store on a local
 * PostgreSQL (DATABASE_URL), in OPEN mode, exactly as tests/faults start it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLifeguardProcess, type LifeguardProcess } from './support/lifeguard-process';
import { startLocalPostgres, type LocalPostgres } from '../lib/store/local-postgres';
import { findServerPid, freePort, waitFor } from './support/processes';

/** [figure, measured, baseline or note] */
export type Row = [string, string, string];

const QUICK = process.env.BENCH_QUICK === '1';
const num = (name: string, fallback: number, quick: number): number => {
  const value = process.env[name];
  return value !== undefined && value !== '' ? Number(value) : QUICK ? quick : fallback;
};

/** Every duration of the run; BENCH_QUICK=1 shortens them all for a smoke run that still prints every figure. */
/** Target passwords are encrypted at rest; a fixed key lets the bench's processes share one store. */
export const BENCH_SECRET_KEY = Buffer.alloc(32, 5).toString('base64');

export const durations = {
  quick: QUICK,
  loadSeconds: num('BENCH_LOAD_SECONDS', 60, 10),
  demoMinutes: num('BENCH_DEMO_MINUTES', 10, 1),
  collectorSeconds: num('BENCH_COLLECTOR_SECONDS', 30, 10),
  collectorTargets: num('BENCH_COLLECTOR_TARGETS', 20, 20),
  footprintSeconds: num('BENCH_FOOTPRINT_SECONDS', 60, 10),
  crowdViewers: num('BENCH_CROWD_VIEWERS', 100, 100),
  crowdSeconds: num('BENCH_CROWD_SECONDS', 60, 20),
  /** The crowd's freshness trials (per tab), and the stage-by-stage freshness trials at each interval. */
  freshnessTrials: num('BENCH_FRESHNESS_TRIALS', 30, 20),
  freshnessStageTrials: num('BENCH_FRESHNESS_TRIALS', 100, 20),
  manyTargetsSeconds: num('BENCH_TARGETS_SECONDS', 60, 15),
  metricsScrapes: num('BENCH_METRICS_SCRAPES', 200, 50),
  /** One sample per this many seconds in the retention bench's day of 100 targets (1 = the full 8.64 M rows). */
  retentionStepSeconds: num('BENCH_RETENTION_STEP_SECONDS', 10, 60),
};

/** The q-quantile of `values` (nearest rank), for figures only. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export const ms = (value: number, digits = 0) => `${value.toFixed(digits)} ms`;

export interface BenchApp {
  baseUrl: string;
  /** The app's store (a local PostgreSQL), for set-up the API does not offer. */
  storeUrl: string;
  /** Sent with the bench's own requests: the admin's session cookie when the app was started with one. */
  headers: Record<string, string>;
  /** The next-server process, whose memory is the server's. */
  serverPid: number;
  logs: string[];
  /** Registers a target through the API and waits for its first snapshot. */
  addTarget(name: string, url: string, intervalMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** An account the app creates at start-up (LIFEGUARD_ADMIN_EMAIL), so it is not in open mode. */
export interface BenchAdmin {
  email: string;
  password: string;
}

/**
 * The production build (`npm start`, which builds first if a source is newer than the build)
 * with its store on a fresh local PostgreSQL. `env` adds to the app's environment. With `admin`,
 * the app starts closed with that first admin, and the bench signs in as them.
 */
export async function startBenchApp(env: Record<string, string> = {}, admin?: BenchAdmin): Promise<BenchApp> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-bench-app-'));
  const logs: string[] = [];
  let store: LocalPostgres | undefined;
  let app: LifeguardProcess | undefined;
  let headers: Record<string, string> = {};
  const stop = async () => {
    await app?.stop(15_000);
    await store?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    store = await startLocalPostgres({ dir: path.join(dir, 'store') });
    app = startLifeguardProcess({
      cwd: process.cwd(),
      port: await freePort(),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        DATABASE_URL: store.url(),
        LIFEGUARD_DATA_DIR: path.join(dir, 'app'),
        LIFEGUARD_ADMIN_TOKEN: '',
        LIFEGUARD_INGEST_TOKEN: '',
        LIFEGUARD_ADMIN_EMAIL: '',
        LIFEGUARD_ADMIN_PASSWORD: '',
        LIFEGUARD_TARGETS: '',
        LIFEGUARD_SECRET_KEY: BENCH_SECRET_KEY,
        ...(admin ? { LIFEGUARD_ADMIN_EMAIL: admin.email, LIFEGUARD_ADMIN_PASSWORD: admin.password } : {}),
        ...env,
      },
      log: (line) => logs.push(line),
    });
    // Room for a first `next build` on a cold two-core machine.
    await app.waitUntilHealthy(300_000);
    if (admin) headers = { cookie: await signIn(app.baseUrl, admin) };
  } catch (error) {
    console.error(logs.slice(-30).join('\n'));
    await stop();
    throw error;
  }
  const baseUrl = app.baseUrl;
  return {
    baseUrl,
    storeUrl: store.url(),
    headers,
    serverPid: findServerPid(app.pid),
    logs,
    stop,
    addTarget: async (name, url, intervalMs = 1000) => {
      const created = await fetch(`${baseUrl}/api/targets`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name, url, intervalMs }),
      });
      if (!created.ok) throw new Error(`POST /api/targets: ${created.status} ${await created.text()}`);
      const { id } = (await created.json()) as { id: string };
      await waitFor('a first snapshot', async () => (await fetch(`${baseUrl}/api/targets/${id}/snapshot`, { headers })).status === 200, 30_000);
      return id;
    },
  };
}

/** Signs in through POST /api/session, as a browser does; answers the Cookie header to send. */
export async function signIn(baseUrl: string, account: BenchAdmin): Promise<string> {
  const answer = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  const setCookie = answer.headers.get('set-cookie');
  if (!answer.ok || !setCookie) throw new Error(`sign-in as ${account.email}: ${answer.status} ${await answer.text()}`);
  return setCookie.split(';')[0]!;
}
