import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pointsAt, type BackendAddress } from '@/lib/pooler/backend-address';
import type { PoolerDatabase } from '@/lib/pooler/types';
import { classifyFailure, errorFields, type Failure } from './failure';
import { describePgBouncerRefusal, findPgBouncerRefusal } from './pgbouncer-refusals';
import { DEFAULT_PROBE_TIMEOUT_MS, PROBE_APPLICATION_NAME, type ProbeOutcome } from './probe';

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The pooled database the probe connects to: the one configured on the target; else the entry
 * that leads to the backend target's database; else the first entry; else (only a `*` fallback
 * entry, which SHOW DATABASES does not list) the backend's database name. Null: nothing to try yet.
 */
export function chooseProbeDatabase(databases: readonly PoolerDatabase[], configured: string | null, backend: BackendAddress | null): string | null {
  if (configured) return configured;
  if (backend) {
    const leading = databases.filter((entry) => entry.database === backend.database && !entry.disabled);
    const chosen = leading.find((entry) => pointsAt(entry, backend)) ?? leading[0];
    if (chosen) return chosen.name;
  }
  const first = databases.find((entry) => !entry.disabled) ?? databases[0];
  if (first) return first.name;
  return backend?.database ?? null;
}

/** The console URL with the pooled database instead of `pgbouncer`: same user, password, host and port. */
export function pooledDatabaseUrl(consoleUrl: string, database: string): string {
  const url = new URL(consoleUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/**
 * What a failed connection through PgBouncer means. Besides PgBouncer's own refusals, it passes
 * the server's login errors on (with 08P01): those are the database's refusals, and the reason
 * says so. An unknown database is the probe's configuration, not a flood; a probe that got no
 * answer in time was queued, not turned away.
 */
export function classifyPoolerFailure(err: unknown): Failure {
  const { message, code } = errorFields(err);
  const refusal = findPgBouncerRefusal(message, true);
  if (refusal) return { error: describePgBouncerRefusal(refusal, message, code !== null && SQLSTATE.test(code) ? code : null), errorCode: refusal.code };
  const failure = classifyFailure(err);
  const missing = /^no such database: (.*)$/i.exec(message);
  if (missing) {
    return { error: `probe database "${missing[1]}" is not in PgBouncer's [databases] (no such database, SQLSTATE ${failure.errorCode ?? '08P01'})`, errorCode: failure.errorCode };
  }
  if (failure.errorCode === 'ETIMEDOUT' && /query read timeout/i.test(message)) {
    return { error: 'queued: the probe\'s SELECT 1 through PgBouncer got no server connection in time (ETIMEDOUT)', errorCode: failure.errorCode };
  }
  return failure;
}

/**
 * A fresh client connection to a pooled database and SELECT 1, as an application would open
 * one: refused at max_client_conn, queued while the pool is busy, failed when PgBouncer cannot
 * reach the server. No statement_timeout startup parameter: PgBouncer refuses unknown ones.
 */
export async function probePooledDatabase(url: string, timeoutMs = DEFAULT_PROBE_TIMEOUT_MS): Promise<ProbeOutcome> {
  return probeWith(url, 'SELECT 1', timeoutMs, classifyPoolerFailure);
}

/**
 * A fresh admin-console connection and SHOW VERSION: all a probe can do before the pooled
 * databases are known. The console is exempt from max_client_conn, so it cannot see a refusal.
 */
export async function probeConsole(url: string, timeoutMs = DEFAULT_PROBE_TIMEOUT_MS): Promise<ProbeOutcome> {
  return probeWith(url, 'SHOW VERSION', timeoutMs, classifyFailure);
}

async function probeWith(url: string, sql: string, timeoutMs: number, classify: (err: unknown) => Failure): Promise<ProbeOutcome> {
  const client = new pg.Client({ connectionString: url, application_name: PROBE_APPLICATION_NAME, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => {});
  const started = performance.now();
  try {
    await client.connect();
    await client.query(sql);
    return { ok: true, latencyMs: performance.now() - started };
  } catch (err) {
    return { ok: false, ...classify(err) };
  } finally {
    await client.end().catch(() => {});
  }
}
