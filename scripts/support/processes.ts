import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';

/** Process and polling helpers shared by the demo, the benchmarks and the test suites. */

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

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ): 100 on every Linux Lifeguard runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** utime, stime, cutime, cstime of a process, in seconds, from /proc/<pid>/stat. */
function cpuFields(pid: number): [number, number, number, number] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name: state(3) ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) cutime(16) cstime(17)
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [11, 12, 13, 14].map((i) => Number(fields[i]) / CLOCK_TICKS_PER_SECOND) as [number, number, number, number];
}

/**
 * CPU time a process has used so far (user + system, all its threads), in seconds. The
 * difference over a window, divided by the window, is the cores it used.
 */
export function cpuSeconds(pid: number): number {
  const [user, system] = cpuFields(pid);
  return user + system;
}

/**
 * CPU seconds of a process and all its children so far, including the children that exited and
 * were reaped (a PostgreSQL postmaster's backends, each probe's among them): over a window, the
 * difference is the whole server's CPU, however many connections came and went.
 */
export function treeCpuSeconds(pid: number): number {
  let total = cpuFields(pid).reduce((sum, value) => sum + value, 0);
  for (const child of processes()) {
    if (child.ppid !== pid) continue;
    try {
      total += cpuSeconds(child.pid);
    } catch {
      // exited (and counted in the parent's cutime once reaped)
    }
  }
  return total;
}

/**
 * How long a process's main thread (a Node server's event loop) has waited on a run queue for a
 * CPU so far, in seconds (/proc/<pid>/schedstat): over a window, near the window's length means
 * the process was starved by the machine's other work, not short of work of its own.
 */
export function runQueueSeconds(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
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

/** How waitFor checks, and what it says when the wait runs out. */
export interface WaitOptions {
  /** Pause between checks, in ms. */
  everyMs?: number;
  /** Appended to the timeout's message: what explains a wait that never ends (a process's log, say). */
  explain?: () => string;
  /**
   * What a check that throws means. 'retry' (the default): not yet, as when a server is still
   * starting. 'throw': the wait ends with that error, for a test whose check must not fail.
   */
  onError?: 'retry' | 'throw';
}

/** Checks until `check` answers something truthy and returns it; throws once `timeoutMs` has passed. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs: number,
  { everyMs = 200, explain, onError = 'retry' }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = onError === 'throw' ? await check() : await Promise.resolve().then(check).catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${explain ? `\n${explain()}` : ''}`);
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
