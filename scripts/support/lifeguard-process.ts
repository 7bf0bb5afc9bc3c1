import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import readline from 'node:readline';

/**
 * Lifeguard itself as a child process (`npm start`), for the demo: started, waited for until
 * /api/health says ok, and stopped so that nothing it started is left running.
 *
 * The child runs in its own process group (detached) so that a Ctrl-C in the terminal reaches
 * only the demo, which then stops things in order: fleet first, then Lifeguard, then the
 * database Lifeguard watches. The group also lets a forced stop reach every process in it.
 */
export interface LifeguardProcessOptions {
  cwd: string;
  port: number;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export interface LifeguardProcess {
  baseUrl: string;
  pid: number;
  /** Resolves with the exit code (or signal) when `npm start` exits. */
  exited: Promise<number | string | null>;
  /** Resolves when /api/health answers 200 {"status":"ok"}; rejects if the child exits first or on timeout. */
  waitUntilHealthy(timeoutMs: number): Promise<void>;
  /** SIGTERM, then wait for every process of the group to be gone; SIGKILL the group after graceMs. */
  stop(graceMs: number): Promise<void>;
  /** SIGKILL to the whole group, for a second Ctrl-C. */
  kill(): void;
}

export function startLifeguardProcess(options: LifeguardProcessOptions): LifeguardProcess {
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: options.cwd,
    env: { ...options.env, PORT: String(options.port) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('could not start `npm start`');
  const pid = child.pid;
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) readline.createInterface({ input: stream }).on('line', (line) => options.log(line));
  }
  let exitCode: number | string | null | undefined;
  const exited = new Promise<number | string | null>((resolve) => {
    child.on('exit', (code, signal) => {
      exitCode = code ?? signal;
      resolve(exitCode);
    });
  });
  let healthy = false;
  const baseUrl = `http://127.0.0.1:${options.port}`;

  const waitUntilHealthy = async (timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`Lifeguard (npm start) exited with ${String(exitCode)} before it was ready`);
      if (await isHealthy(baseUrl)) {
        healthy = true;
        return;
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1000))]);
    }
    throw new Error(`Lifeguard did not answer ${baseUrl}/api/health within ${Math.round(timeoutMs / 1000)} s`);
  };

  const groupAlive = () => groupHasLiveProcess(pid);

  const stop = async (graceMs: number): Promise<void> => {
    if (!groupAlive()) return;
    if (healthy && exitCode === undefined) {
      // npm forwards SIGTERM to `next start` (exec'd by the start script), which stops its own
      // services, embedded store included. Signalling the whole group instead would also hit that
      // store's postmaster directly, under the app's feet.
      child.kill('SIGTERM');
    } else {
      // Still building: the start script's shell would die on SIGTERM and orphan `next build`.
      signalGroup(pid, 'SIGTERM');
    }
    const deadline = Date.now() + graceMs;
    while (groupAlive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    if (groupAlive()) {
      options.log(`still running after ${Math.round(graceMs / 1000)} s: killing process group ${pid}`);
      signalGroup(pid, 'SIGKILL');
    }
  };

  return { baseUrl, pid, exited, waitUntilHealthy, stop, kill: () => void signalGroup(pid, 'SIGKILL') };
}

async function isHealthy(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(3000) });
    if (response.status !== 200) return false;
    const body = (await response.json()) as { status?: unknown };
    return body.status === 'ok';
  } catch {
    return false;
  }
}

/**
 * Whether any process of group `pgid` is still running. Zombies don't count: an orphan whose new
 * parent doesn't reap it promptly (PID 1 in some containers) is gone in every way that matters,
 * yet kill(-pgid, 0) would still succeed. Linux's /proc says which is which.
 */
function groupHasLiveProcess(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return signalGroup(pgid, 0);
  }
  return entries.some((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may itself contain spaces and parentheses): state ppid pgrp …
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === pgid && state !== 'Z';
    } catch {
      return false; // exited while we looked
    }
  });
}

/** Sends `signal` to every process in group `pgid`; false when the group has no process left. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}
