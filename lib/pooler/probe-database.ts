import pg from 'pg';
import { badRequest } from '@/lib/http/errors';
import { pooledDatabaseUrl } from '@/lib/collector/pgbouncer-probe';
import { databasesFromRows, type ConsoleRow } from '@/lib/collector/pgbouncer-rows';

const CHECK_TIMEOUT_MS = 3_000;

/** What the admin console says about the [databases] entries: their names, or why it could not say. */
export type ConsoleDatabases = { ok: true; names: string[] } | { ok: false; reason: string };

/** SHOW DATABASES over a short-lived console connection. */
export async function readConsoleDatabases(consoleUrl: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<ConsoleDatabases> {
  const client = new pg.Client({ connectionString: consoleUrl, application_name: 'lifeguard', connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    const rows = (await client.query<ConsoleRow>('SHOW DATABASES')).rows;
    return { ok: true, names: databasesFromRows(rows).map((entry) => entry.name) };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Whether PgBouncer lets a client into `name`: a `*` fallback entry accepts names SHOW DATABASES
 * does not list. Only "no such database" is a no; anything else (full, server down) cannot say.
 */
async function acceptsDatabase(consoleUrl: string, name: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<boolean> {
  const client = new pg.Client({ connectionString: pooledDatabaseUrl(consoleUrl, name), application_name: 'lifeguard-probe', connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch (err) {
    return !/^no such database/i.test(err instanceof Error ? err.message : String(err));
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Refuses (400) a probe database the pooler does not have: the probe would only ever report
 * "no such database" and never see a refusal. A pooler that does not answer now cannot be asked;
 * the target is registered anyway (it may be registered before PgBouncer starts), and a wrong
 * name then shows as the probe's error on the pooler's page.
 */
export async function assertProbeDatabase(consoleUrl: string, name: string): Promise<void> {
  const found = await readConsoleDatabases(consoleUrl);
  if (!found.ok || found.names.includes(name) || (await acceptsDatabase(consoleUrl, name))) return;
  const known = found.names.length > 0 ? `it has ${found.names.join(', ')}` : 'it has none but the admin console';
  throw badRequest(`probeDatabase: PgBouncer has no database "${name}" in its [databases] (${known})`);
}
