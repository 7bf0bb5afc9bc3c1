import { appendFile, readFile } from 'node:fs/promises';
import pg from 'pg';
import { boundSocket } from '../../lib/drills/socket';

/**
 * Prepares a database for a drill: an ordinary login role for the apps, a monitoring role for
 * Lifeguard, a database with a small `orders` table. Idempotent, because the demo reuses its data
 * directory between runs.
 *
 * Why the apps are not superusers: PostgreSQL keeps `superuser_reserved_connections` slots for
 * superusers, so only an ordinary role is refused at max_connections − reserved with the usual
 * SQLSTATE 53300 "sorry, too many clients already", as in a real outage.
 *
 * Why Lifeguard gets its own non-superuser role (with pg_monitor, which lets it read every
 * session in pg_stat_activity) rather than the superuser: a superuser's probe connection would
 * slip into the reserved slots and never see the refusal the applications see.
 */
export interface DrillDatabaseOptions {
  /** Superuser URL of the server. */
  adminUrl: string;
  database: string;
  appRole: string;
  appPassword: string;
  monitorRole: string;
  monitorPassword: string;
  /**
   * Let the monitoring role cancel and terminate other roles' sessions (pg_signal_backend), which
   * Lifeguard's "Stop it" needs. Superusers' sessions stay out of its reach.
   */
  monitorMayStopSessions?: boolean;
  /** Rows in `orders` when the table is created. Default 20000. */
  orders?: number;
  /**
   * Admit clients from all of 127.0.0.0/8 (pg_hba.conf), so fleet instances can connect from their
   * own loopback addresses. Only possible when the server's files are on this machine.
   */
  allowLoopbackRange?: boolean;
}

export interface DrillDatabase {
  appUrl: string;
  monitorUrl: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export async function prepareDrillDatabase(options: DrillDatabaseOptions): Promise<DrillDatabase> {
  for (const name of [options.database, options.appRole, options.monitorRole]) {
    // Names go into DDL, which takes no parameters: accept only plain identifiers.
    if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a plain lower-case SQL identifier`);
  }
  const admin = new pg.Client({ connectionString: options.adminUrl, application_name: 'lifeguard-drill-setup' });
  await admin.connect();
  try {
    await ensureRole(admin, options.appRole, options.appPassword, []);
    await ensureRole(admin, options.monitorRole, options.monitorPassword, options.monitorMayStopSessions ? ['pg_monitor', 'pg_signal_backend'] : ['pg_monitor']);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${options.database}`);
    if (options.allowLoopbackRange) await allowLoopbackRange(admin);
  } finally {
    await admin.end();
  }

  const inDatabase = new pg.Client({ connectionString: withDatabase(options.adminUrl, options.database), application_name: 'lifeguard-drill-setup' });
  await inDatabase.connect();
  try {
    await inDatabase.query(`CREATE TABLE IF NOT EXISTS orders (
      id bigserial PRIMARY KEY,
      customer_id int NOT NULL,
      amount numeric(10, 2) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await inDatabase.query('CREATE INDEX IF NOT EXISTS orders_customer_id ON orders (customer_id)');
    const { rows } = await inDatabase.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM orders) AS empty');
    if (rows[0]?.empty) {
      await inDatabase.query(
        `INSERT INTO orders (customer_id, amount, created_at)
         SELECT 1 + (random() * 499)::int, round((5 + random() * 495)::numeric, 2), now() - random() * interval '90 days'
         FROM generate_series(1, $1::int)`,
        [options.orders ?? 20_000],
      );
      await inDatabase.query('ANALYZE orders');
    }
    await inDatabase.query(`GRANT SELECT ON orders TO ${options.appRole}`);
  } finally {
    await inDatabase.end();
  }

  const appUrl = withCredentials(options.adminUrl, options.database, options.appRole, options.appPassword);
  if (options.allowLoopbackRange) await waitForLoopbackRange(appUrl);
  return { appUrl, monitorUrl: withCredentials(options.adminUrl, options.database, options.monitorRole, options.monitorPassword) };
}

async function ensureRole(admin: pg.Client, role: string, password: string, memberOf: string[]): Promise<void> {
  const found = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  const verb = found.rowCount === 0 ? 'CREATE' : 'ALTER';
  // Set every time, so a changed password (or a role left over from elsewhere) ends up as expected.
  await admin.query(`${verb} ROLE ${role} WITH LOGIN NOSUPERUSER PASSWORD ${admin.escapeLiteral(password)}`);
  for (const group of memberOf) await admin.query(`GRANT ${group} TO ${role}`);
}

const LOOPBACK_RULE = 'host all all 127.0.0.0/8 scram-sha-256';

async function allowLoopbackRange(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ hba_file: string }>('SHOW hba_file');
  const file = rows[0]?.hba_file;
  if (!file) throw new Error('the server did not say where its pg_hba.conf is');
  const current = await readFile(file, 'utf8');
  if (current.split('\n').some((line) => line.trim().replace(/\s+/g, ' ') === LOOPBACK_RULE)) return;
  // Appended after the 127.0.0.1/32 rule, which keeps matching first for the usual address.
  await appendFile(file, `\n# Lifeguard drill: fleet instances connect from their own 127.x addresses.\n${LOOPBACK_RULE}\n`);
  await admin.query('SELECT pg_reload_conf()');
}

/** The postmaster reloads pg_hba.conf asynchronously: wait until a connection from 127.0.0.2 gets in. */
async function waitForLoopbackRange(url: string): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const client = new pg.Client({ connectionString: url, application_name: 'lifeguard-drill-setup', stream: boundSocket('127.0.0.2') });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`connections from 127.0.0.2 are still refused after reloading pg_hba.conf: ${String(lastError)}`);
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function withCredentials(url: string, database: string, user: string, password: string): string {
  const parsed = new URL(withDatabase(url, database));
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
