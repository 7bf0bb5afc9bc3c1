import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startLocalPostgres, type LocalPostgres } from '../../lib/store/local-postgres';
import { prepareDrillDatabase } from '../support/drill-database';
import { isPortFree } from '../../lib/drills/socket';

/**
 * The demo's "production" database: an embedded PostgreSQL with max_connections 100, separate
 * from Lifeguard's own store, prepared for the fleet.
 *
 * Its port and role passwords are kept in `demo.json` and reused: Lifeguard registers
 * LIFEGUARD_TARGETS only when a target of that name is absent, so a URL that changed between
 * runs would leave it watching a port nobody listens on.
 */
export const PRODUCTION_MAX_CONNECTIONS = 100;

export interface Production {
  server: LocalPostgres;
  /** For the fleet: the ordinary `worksmart` role. */
  appUrl: string;
  /**
   * For Lifeguard: the `lifeguard` role with pg_monitor (see prepareDrillDatabase for why not the
   * superuser) and pg_signal_backend, so responders can stop the flood's idle sessions from Lifeguard.
   */
  monitorUrl: string;
  stop(): Promise<void>;
}

interface Saved {
  port: number;
  appPassword: string;
  monitorPassword: string;
}

export async function startProduction(dir: string, log: (line: string) => void): Promise<Production> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'demo.json');
  const saved = await readSaved(file);
  let port = saved?.port;
  if (port !== undefined && !(await isPortFree(port))) {
    log(`port ${port} of the previous run is taken: using another; Lifeguard may still have the old URL for "production"`);
    port = undefined;
  }
  const server = await startLocalPostgres({
    dir,
    port,
    maxConnections: PRODUCTION_MAX_CONNECTIONS,
  });
  try {
    const current: Saved = {
      port: server.port,
      appPassword: saved?.appPassword ?? randomBytes(12).toString('base64url'),
      monitorPassword: saved?.monitorPassword ?? randomBytes(12).toString('base64url'),
    };
    await writeFile(file, JSON.stringify(current, null, 2) + '\n', { mode: 0o600 });
    const { appUrl, monitorUrl } = await prepareDrillDatabase({
      adminUrl: server.url(),
      database: 'worksmart',
      appRole: 'worksmart',
      appPassword: current.appPassword,
      monitorRole: 'lifeguard',
      monitorPassword: current.monitorPassword,
      monitorMayStopSessions: true,
      allowLoopbackRange: true,
    });
    return { server, appUrl, monitorUrl, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function readSaved(file: string): Promise<Saved | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<Saved>;
    if (typeof value.port === 'number' && typeof value.appPassword === 'string' && typeof value.monitorPassword === 'string') {
      return { port: value.port, appPassword: value.appPassword, monitorPassword: value.monitorPassword };
    }
  } catch {
    // First run (or a damaged file): new port and passwords.
  }
  return undefined;
}
