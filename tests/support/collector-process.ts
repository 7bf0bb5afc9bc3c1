import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CollectorProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Whether it has printed "collector: running". */
  running(): boolean;
}

/**
 * `npm run collector`'s script as its own process (node + tsx loader: one pid to kill for real),
 * with its `react-server` condition, against the store in process.env.DATABASE_URL. Its output
 * goes to `logs`, each line prefixed with `name`.
 */
export function startCollectorProcess(name: string, logs: string[]): CollectorProcess {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/collector.ts'], {
    cwd: ROOT,
    env: { ...process.env, LIFEGUARD_TARGETS: '', LIFEGUARD_COLLECTOR: 'on' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let running = false;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      const text = chunk.toString().trim();
      if (text.includes('collector: running')) running = true;
      for (const line of text.split('\n')) logs.push(`${new Date().toISOString().slice(11, 23)} ${name}: ${line}`);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, running: () => running };
}

/** Kills what is still running (SIGKILL): for afterAll, after a failed test. */
export function killAll(processes: readonly CollectorProcess[]): void {
  for (const { child } of processes) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
