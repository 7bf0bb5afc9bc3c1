import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { prepareDrillDatabase } from '@/scripts/support/drill-database';
import { startLocalPostgres, type LocalPostgres } from '@/lib/store/local-postgres';

/**
 * Real PostgreSQL servers the fault tests can take away and bring back: same data directory,
 * same port, so Lifeguard's URL for them stays valid across the fault.
 */
export interface RestartableServer {
  port: number;
  /** Superuser URL. */
  url(database?: string): string;
  running(): boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server (if running) and removes its directory. */
  destroy(): Promise<void>;
}

export async function startRestartable(maxConnections?: number): Promise<RestartableServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-faults-pg-'));
  let server: LocalPostgres | null = await startLocalPostgres({ dir, maxConnections });
  const port = server.port;
  const url = server.url.bind(server);
  return {
    port,
    url,
    running: () => server !== null,
    stop: async () => {
      await server?.stop();
      server = null;
    },
    start: async () => {
      server ??= await startLocalPostgres({ dir, port, maxConnections });
    },
    destroy: async () => {
      await server?.stop();
      server = null;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A monitored "production" server as in the drills: an ordinary app role (refused with 53300 at
 * max_connections, like real applications) and a pg_monitor role for Lifeguard, whose probe is
 * then refused exactly when the applications are.
 */
export interface Target extends RestartableServer {
  appUrl: string;
  monitorUrl: string;
}

export async function startTarget(maxConnections = 30): Promise<Target> {
  const server = await startRestartable(maxConnections);
  const urls = await prepareDrillDatabase({
    adminUrl: server.url(),
    database: 'shop',
    appRole: 'shop_app',
    appPassword: 'shop-app-secret',
    monitorRole: 'lifeguard_monitor',
    monitorPassword: 'monitor-secret',
    orders: 100,
  });
  return { ...server, ...urls };
}

/** A superuser session on `url` (it may use the reserved slots, so it still gets in during a flood). */
export async function adminClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'faults-admin' });
  client.on('error', () => {}); // the server is stopped under it on purpose
  await client.connect();
  return client;
}

/** Lifeguard's sessions on a target, by application_name (persistent `lifeguard`, `lifeguard-probe`). */
export async function lifeguardBackends(admin: pg.Client): Promise<{ persistent: number; probe: number }> {
  const { rows } = await admin.query<{ persistent: number; probe: number }>(
    `SELECT count(*) FILTER (WHERE application_name = 'lifeguard')::int AS persistent,
            count(*) FILTER (WHERE application_name = 'lifeguard-probe')::int AS probe
     FROM pg_stat_activity`,
  );
  return rows[0] ?? { persistent: 0, probe: 0 };
}
