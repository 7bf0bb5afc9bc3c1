import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Debian's Prometheus and Alertmanager (packages prometheus, prometheus-alertmanager; .ci/run
 * installs them) as child processes on loopback ports, each in its own temp dir.
 */
export interface RunningProgram {
  url: string;
  log: string[];
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function start(binary: string, args: (dir: string, port: number) => string[], files: Record<string, string>, ready: string): Promise<RunningProgram> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-prom-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  const port = await freePort();
  const child: ChildProcess = spawn(binary, args(dir, port), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const url = `http://127.0.0.1:${port}`;
  const collect = (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${binary} exited: ${log.join('\n')}`);
    const ok = await fetch(`${url}${ready}`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${binary} not ready after 20 s: ${log.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function startPrometheus(config: string, rules: Record<string, string>): Promise<RunningProgram> {
  return start(
    '/usr/bin/prometheus',
    (dir, port) => [`--config.file=${dir}/prometheus.yml`, `--storage.tsdb.path=${dir}/data`, `--web.listen-address=127.0.0.1:${port}`],
    { 'prometheus.yml': config, ...rules },
    '/-/ready',
  );
}

export function startAlertmanager(config: string): Promise<RunningProgram> {
  return start(
    '/usr/bin/prometheus-alertmanager',
    (dir, port) => [`--config.file=${dir}/alertmanager.yml`, `--storage.path=${dir}/data`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
    { 'alertmanager.yml': config },
    '/-/ready',
  );
}
