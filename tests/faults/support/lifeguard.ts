import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLifeguardProcess, type LifeguardProcess } from '@/scripts/support/lifeguard-process';
import { findServerPid, freePort } from '@/scripts/support/processes';

/**
 * The real production build as a child process, exactly as people run it (`npm start`, whose
 * script rebuilds only when a source is newer than .next/BUILD_ID), in OPEN mode (no admin
 * token) and with its store wherever the test says, so that the test can take the store away.
 */
export interface LifeguardApp {
  baseUrl: string;
  /** The `next start` server process (not npm's): the one whose memory and life we watch. */
  serverPid: number;
  logs: string[];
  get(pathname: string, timeoutMs?: number): Promise<TimedResponse>;
  post(pathname: string, body: unknown): Promise<TimedResponse>;
  stop(): Promise<void>;
}

export interface TimedResponse {
  status: number;
  ms: number;
  text: string;
  json<T>(): T;
}

/** Target passwords are encrypted at rest; with DATABASE_URL set there is no data dir to keep a generated key in. */
export const FAULTS_SECRET_KEY = Buffer.alloc(32, 5).toString('base64');

// Room for a first `next build` on a cold two-core machine.
const START_TIMEOUT_MS = 240_000;

export async function startLifeguard(env: { DATABASE_URL: string } & Record<string, string>): Promise<LifeguardApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lifeguard-faults-app-'));
  const logs: string[] = [];
  const port = await freePort();
  const processEnv: NodeJS.ProcessEnv = {
    ...process.env,
    // Vitest sets NODE_ENV=test; `next start` must run as the production build it is.
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    LIFEGUARD_DATA_DIR: dataDir,
    LIFEGUARD_ADMIN_TOKEN: '',
    LIFEGUARD_INGEST_TOKEN: '',
    LIFEGUARD_TARGETS: '',
    // OPEN mode: no first admin, so no account exists and the API stays open, as on a fresh install.
    LIFEGUARD_ADMIN_EMAIL: '',
    LIFEGUARD_ADMIN_PASSWORD: '',
    LIFEGUARD_SECRET_KEY: FAULTS_SECRET_KEY,
    ...env,
  };
  const child: LifeguardProcess = startLifeguardProcess({ cwd: process.cwd(), port, env: processEnv, log: (line) => logs.push(line) });
  const stop = async () => {
    await child.stop(15_000);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await child.waitUntilHealthy(START_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}\n--- Lifeguard output ---\n${logs.slice(-40).join('\n')}`);
  }
  const serverPid = findServerPid(child.pid);
  const request = async (pathname: string, init: RequestInit, timeoutMs: number): Promise<TimedResponse> => {
    const started = performance.now();
    const response = await fetch(`${child.baseUrl}${pathname}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    return { status: response.status, ms: performance.now() - started, text, json: <T>() => JSON.parse(text) as T };
  };
  return {
    baseUrl: child.baseUrl,
    serverPid,
    logs,
    get: (pathname, timeoutMs = 10_000) => request(pathname, {}, timeoutMs),
    post: (pathname, body) => request(pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, 10_000),
    stop,
  };
}

