import pg from 'pg';
import { startTestPostgres, type TestPostgres } from './postgres';

/**
 * A real PostgreSQL server for a test to flood: a small max_connections, a superuser connection
 * kept for the test's own looks at pg_stat_activity, and ordinary roles (as in
 * scripts/support/drill-database.ts) so the server refuses them with 53300 while the superuser
 * slots stay free for that admin connection. Every role's password is `<role>-secret`.
 */
export interface FloodTarget {
  server: TestPostgres;
  port: number;
  /** The superuser connection, application_name 'test-admin'. */
  admin: pg.Client;
  /** The server as `role`, with its password. */
  roleUrl(role: string): string;
  stop(): Promise<void>;
}

export interface FloodTargetOptions {
  maxConnections: number;
  /**
   * The roles to create, each with the roles it is IN ('' for none). The default is what most
   * flood tests need: `monitor`, which Lifeguard samples as, and `app`, which floods.
   */
  roles?: Record<string, string>;
}

const MONITOR_AND_APP = { monitor: 'pg_monitor', app: '' };

export async function startFloodTarget({ maxConnections, roles = MONITOR_AND_APP }: FloodTargetOptions): Promise<FloodTarget> {
  const server = await startTestPostgres({ maxConnections });
  const admin = new pg.Client({ connectionString: server.url(), application_name: 'test-admin' });
  await admin.connect();
  for (const [role, inRoles] of Object.entries(roles)) {
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${role}-secret'${inRoles ? ` IN ROLE ${inRoles}` : ''}`);
  }
  return {
    server,
    port: server.port,
    admin,
    roleUrl: (role) => `postgres://${role}:${role}-secret@127.0.0.1:${server.port}/postgres`,
    stop: async () => {
      await admin.end().catch(() => {});
      await server.stop();
    },
  };
}

/** The server's answer when it has no connection left for an ordinary role. */
const TOO_MANY_CONNECTIONS = '53300';

/**
 * One more connection at `url` as `application` opens it, or null when the server refuses it for
 * want of connections (53300): what a flood runs into. Any other failure is the test's failure.
 */
export async function connectUnlessFull(url: string, application: string): Promise<pg.Client | null> {
  const client = new pg.Client({ connectionString: url, application_name: application });
  client.on('error', () => {}); // the test ends it, or terminates it on purpose
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    if ((error as { code?: string }).code !== TOO_MANY_CONNECTIONS) throw error;
    return null;
  }
}
