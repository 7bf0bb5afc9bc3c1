import type { PoolerDatabase, PoolFigures, PoolRates } from '@/lib/pooler/types';
import type { ApplicationHolders, ConnectionStates } from '@/lib/samples/types';

/**
 * What PgBouncer's admin console says (SHOW POOLS, STATS, CONFIG, DATABASES, CLIENTS), mapped to
 * Lifeguard's figures. Pure, so the mapping is tested without a PgBouncer.
 *
 * The console answers with int4 columns as numbers and int8 columns as strings (node-pg leaves
 * int8 alone); every figure goes through toNumber so either is fine.
 */

/** The console's own pseudo-database: its "pool" is the admin sessions, Lifeguard's included. */
export const ADMIN_DATABASE = 'pgbouncer';

/** Cumulative counters of one database from SHOW STATS (µs for times). */
export interface DatabaseCounters {
  database: string;
  atMs: number;
  xactCount: number;
  queryCount: number;
  queryTimeUs: number;
  waitTimeUs: number;
  /** PgBouncer's own averages over its last stats_period (60 s by default), µs. */
  avgQueryUs: number;
  avgWaitUs: number;
}

export type ConsoleRow = Record<string, unknown>;

export function toNumber(value: unknown): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : 0;
}

export function poolFromRow(row: ConsoleRow): PoolFigures {
  return {
    database: String(row.database ?? ''),
    user: String(row.user ?? ''),
    // Clients sending a cancel request are clients too (columns absent before PgBouncer 1.18).
    clActive: toNumber(row.cl_active) + toNumber(row.cl_active_cancel_req),
    clWaiting: toNumber(row.cl_waiting) + toNumber(row.cl_waiting_cancel_req),
    svActive: toNumber(row.sv_active) + toNumber(row.sv_active_cancel),
    svIdle: toNumber(row.sv_idle),
    svUsed: toNumber(row.sv_used),
    maxWaitSeconds: toNumber(row.maxwait) + toNumber(row.maxwait_us) / 1_000_000,
  };
}

export function countersFromRow(row: ConsoleRow, atMs: number): DatabaseCounters {
  return {
    database: String(row.database ?? ''),
    atMs,
    xactCount: toNumber(row.total_xact_count),
    queryCount: toNumber(row.total_query_count),
    queryTimeUs: toNumber(row.total_query_time),
    waitTimeUs: toNumber(row.total_wait_time),
    avgQueryUs: toNumber(row.avg_query_time),
    avgWaitUs: toNumber(row.avg_wait_time),
  };
}

/**
 * Figures for the interval since the previous sample, from the cumulative counters: PgBouncer's
 * avg_* columns cover its last stats_period (a minute by default), far too coarse beside 1 s
 * samples. Without a previous sample (first tick, counters reset by a restart) the averages
 * fall back to PgBouncer's own and the rate is unknown. An interval without queries has no
 * average (null), not 0 ms.
 */
export function databaseRates(previous: DatabaseCounters | undefined, current: DatabaseCounters): PoolRates {
  const seconds = previous ? (current.atMs - previous.atMs) / 1000 : 0;
  if (!previous || seconds <= 0 || current.queryCount < previous.queryCount || current.xactCount < previous.xactCount) {
    return { avgQueryMs: current.avgQueryUs / 1000, avgWaitMs: current.avgWaitUs / 1000, queriesPerSec: null };
  }
  const queries = current.queryCount - previous.queryCount;
  const xacts = current.xactCount - previous.xactCount;
  return {
    avgQueryMs: queries > 0 ? (current.queryTimeUs - previous.queryTimeUs) / queries / 1000 : null,
    // PgBouncer counts wait time per transaction (a client waits for a server once per transaction).
    avgWaitMs: xacts > 0 ? (current.waitTimeUs - previous.waitTimeUs) / xacts / 1000 : null,
    queriesPerSec: queries / seconds,
  };
}

/** max_client_conn from SHOW CONFIG (rows of key / value); null when absent. */
export function maxClientConnFromConfig(rows: readonly ConsoleRow[]): number | null {
  const row = rows.find((candidate) => candidate.key === 'max_client_conn');
  const value = row ? Number(row.value) : NaN;
  return Number.isFinite(value) ? value : null;
}

/** The figures of the regular sample row of a pgbouncer target (see docs/operations.md, "PgBouncer targets"). */
export interface PoolerSummary {
  maxConnections: number | null;
  reservedConnections: number | null;
  total: number;
  states: ConnectionStates;
  waiting: number;
}

/**
 * What the overview card and the target-scope alert rules see of a pooler: its *client*
 * connections against max_client_conn, since that is the limit at which PgBouncer refuses new
 * clients. total = every client, the console sessions included (they count against
 * max_client_conn as Lifeguard's own backend counts against max_connections); active = clients
 * not waiting; waiting = clients queued for a server connection. PgBouncer has no idle-in-
 * transaction notion for clients, so those states are 0.
 */
export function summarisePools(pools: readonly PoolFigures[], maxClientConn: number | null): PoolerSummary {
  const active = pools.reduce((sum, pool) => sum + pool.clActive, 0);
  const waiting = pools.reduce((sum, pool) => sum + pool.clWaiting, 0);
  return {
    maxConnections: maxClientConn,
    reservedConnections: maxClientConn === null ? null : 0,
    total: active + waiting,
    states: { active, idle: 0, idleInTransaction: 0, idleInTransactionAborted: 0 },
    waiting,
  };
}

/** SHOW DATABASES: the [databases] entries, the admin console's own pseudo-database left out. */
export function databasesFromRows(rows: readonly ConsoleRow[]): PoolerDatabase[] {
  return rows
    .filter((row) => row.name !== ADMIN_DATABASE)
    .map((row) => ({
      name: String(row.name ?? ''),
      host: typeof row.host === 'string' && row.host !== '' ? row.host : null,
      port: row.port === null || row.port === undefined ? null : toNumber(row.port),
      database: String(row.database ?? row.name ?? ''),
      forceUser: typeof row.force_user === 'string' && row.force_user !== '' ? row.force_user : null,
      poolSize: toNumber(row.pool_size),
      reservePool: toNumber(row.reserve_pool),
      maxDbConnections: toNumber(row.max_connections),
      paused: toNumber(row.paused) !== 0,
      disabled: toNumber(row.disabled) !== 0,
    }));
}

/**
 * SHOW CLIENTS grouped like pg_stat_activity's holders: by application_name × client address.
 * A client linked to a server connection is running a transaction (active); a logged-in client
 * without one is idle, between transactions; a waiting one is queued for a server connection.
 * The console's own clients (Lifeguard's included) count, as they count against max_client_conn.
 */
export function holdersFromClients(rows: readonly ConsoleRow[]): ApplicationHolders[] {
  const byKey = new Map<string, ApplicationHolders & { waiting: number }>();
  for (const row of rows) {
    const name = typeof row.application_name === 'string' ? row.application_name : '';
    // PgBouncer shows "unix" for a Unix-socket client; pg_stat_activity shows null.
    const clientAddr = typeof row.addr === 'string' && row.addr !== '' && row.addr !== 'unix' ? row.addr : null;
    const key = `${name}\u0000${clientAddr ?? ''}`;
    const holder = byKey.get(key) ?? { name, clientAddr, total: 0, active: 0, idle: 0, idleInTransaction: 0, waiting: 0 };
    const state = String(row.state ?? '');
    holder.total += 1;
    if (state.startsWith('waiting')) holder.waiting += 1;
    else if (typeof row.link === 'string' && row.link !== '') holder.active += 1;
    else holder.idle += 1;
    byKey.set(key, holder);
  }
  return [...byKey.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
}
