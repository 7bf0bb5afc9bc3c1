import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLifeguardProcess, type LifeguardProcess } from '@/lib/drill/lifeguard-process';

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

interface ProcInfo {
  pid: number;
  ppid: number;
  cmdline: string;
}

function processes(): ProcInfo[] {
  const found: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      found.push({ pid: Number(entry), ppid, cmdline });
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** npm → (sh exec'd into) next start → maybe a next-server child: the deepest node process is the server. */
export function findServerPid(npmPid: number): number {
  const all = processes();
  let current = npmPid;
  for (;;) {
    const child = all.find((proc) => proc.ppid === current && !proc.cmdline.startsWith('postgres'));
    if (!child) return current;
    current = child.pid;
  }
}

export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Resident memory of a process in MiB, from /proc/<pid>/status VmRSS. */
export function rssMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Math.round(Number(match[1]) / 102.4) / 10;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

export async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** "p50 12 ms, max 80 ms (n=40)": figures to print, never to assert on. */
export function latencySummary(ms: readonly number[]): string {
  if (ms.length === 0) return 'no requests';
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(0);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (n=${sorted.length})`;
}
