import type { ApplicationHolders, ConnectionStates, LockedSession, ServerStats, SlowQuery } from '@/lib/samples/types';
import type { XactCounters } from './rates';

/** A session counts as new for this long after it connected: the window of a connection storm. */
export const NEW_BACKEND_WINDOW_SECONDS = 10;
/**
 * An idle pooled connection not reused for this long is one the pool does not need: pools hand
 * out their most recently used connection first, so a busy pool's idle sessions are seconds old.
 */
export const LONG_IDLE_SECONDS = 10;
/** A transaction left idle this long is held open by the application, not between two statements. */
export const LONG_IDLE_IN_TRANSACTION_SECONDS = 5;
/** A query running this long holds its connection long enough to fill a pool under load. */
export const SLOW_QUERY_SECONDS = 5;
/** How many of the longest-running queries a sample keeps, and how much of each one's text. */
export const SLOW_QUERIES_KEPT = 5;
export const QUERY_TEXT_CHARS = 200;
/** Lock waiters whose blockers are read per sample: enough to show the tree, bounded in size. */
export const LOCK_WAITERS_KEPT = 100;

/**
 * One sample in one round trip, reading only in-memory views (pg_stat_activity,
 * pg_stat_database, settings): no table is touched and no lock is taken, so it stays cheap on
 * a server that is already struggling.
 *
 * - Only `client backend`s count: autovacuum, WAL senders and background workers do not use
 *   max_connections slots ordinary clients compete for.
 * - reserved_connections exists from PostgreSQL 16; current_setting(…, true) gives NULL
 *   before that, counted as 0.
 * - The oldest transaction leaves out this very backend, whose own transaction is always open
 *   while the query runs.
 * - Transaction counters are summed over all databases, not just the one the URL names:
 *   connection counts are server-wide, and so is the load a flood puts on the server.
 * - Sessions of other roles show no state or client address unless the URL's role is a
 *   superuser or a member of pg_monitor (pg_read_all_stats); they still count in `total`, but
 *   never as slow (their query_start and query text are hidden too).
 * - server_stats repeats what postgres_exporter reads (its pg_stat_activity, pg_stat_database
 *   and pg_locks queries) so /metrics can be a drop-in; pg_locks is in shared memory too.
 * - Beyond the counts, each sample keeps what the causes of a flood are read from
 *   (lib/finding/causes): per holder how long its sessions have been idle, idle in a transaction
 *   or running, and how many connected just now; the few longest-running queries; and, only
 *   while sessions wait on locks, who blocks whom. All from the same single scan of
 *   pg_stat_activity, so the cost stays that of one query (`npm run bench` measures it).
 */
export const SAMPLE_SQL = `
WITH clock AS (
  -- clock_timestamp(), not now(): a transaction may have begun after this statement's own start.
  SELECT clock_timestamp() AS ts
), backends AS (
  SELECT pid, state, wait_event_type, xact_start,
         coalesce(datname, '') AS datname, coalesce(usename, '') AS usename,
         coalesce(application_name, '') AS app,
         host(client_addr) AS client_addr,
         extract(epoch FROM clock.ts - state_change)::float8 AS state_seconds,
         extract(epoch FROM clock.ts - query_start)::float8 AS query_seconds,
         extract(epoch FROM clock.ts - xact_start)::float8 AS xact_seconds,
         backend_start > clock.ts - interval '${NEW_BACKEND_WINDOW_SECONDS} seconds' AS is_new,
         -- Running a query, not queued on a lock (lock waits are the pile-up, not slowness), and not this sample.
         (state = 'active' AND wait_event_type IS DISTINCT FROM 'Lock' AND pid <> pg_backend_pid()) AS running,
         -- Only a long-running query's text is carried on: idle sessions keep their last query (up to 1 kB).
         CASE WHEN state = 'active' AND query_start <= clock.ts - interval '${SLOW_QUERY_SECONDS} seconds' THEN left(query, ${QUERY_TEXT_CHARS}) END AS query
  FROM pg_stat_activity, clock
  WHERE backend_type = 'client backend'
), totals AS (
  SELECT count(*)::int AS total,
         count(*) FILTER (WHERE state = 'active')::int AS active,
         count(*) FILTER (WHERE state = 'idle')::int AS idle,
         count(*) FILTER (WHERE state = 'idle in transaction')::int AS idle_in_transaction,
         count(*) FILTER (WHERE state = 'idle in transaction (aborted)')::int AS idle_in_transaction_aborted,
         count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS waiting,
         count(*) FILTER (WHERE is_new)::int AS new_backends,
         max(xact_seconds) FILTER (WHERE pid <> pg_backend_pid()) AS oldest_xact_seconds
  FROM backends
), apps AS (
  SELECT app, client_addr,
         count(*)::int AS total,
         count(*) FILTER (WHERE state = 'active')::int AS active,
         count(*) FILTER (WHERE state = 'idle')::int AS idle,
         count(*) FILTER (WHERE state LIKE 'idle in transaction%')::int AS idle_in_transaction,
         count(*) FILTER (WHERE is_new)::int AS new_backends,
         count(*) FILTER (WHERE state = 'idle' AND state_seconds >= ${LONG_IDLE_SECONDS})::int AS idle_long,
         round(max(state_seconds) FILTER (WHERE state = 'idle')) AS idle_max,
         count(*) FILTER (WHERE state LIKE 'idle in transaction%' AND state_seconds >= ${LONG_IDLE_IN_TRANSACTION_SECONDS})::int AS idle_in_transaction_long,
         round(max(state_seconds) FILTER (WHERE state LIKE 'idle in transaction%')) AS idle_in_transaction_max,
         count(*) FILTER (WHERE running AND query_seconds >= ${SLOW_QUERY_SECONDS})::int AS active_long,
         round(max(query_seconds) FILTER (WHERE running)) AS active_max
  FROM backends
  GROUP BY app, client_addr
), slow AS (
  SELECT pid, app, client_addr, query_seconds, query
  FROM backends
  WHERE running AND query_seconds >= ${SLOW_QUERY_SECONDS}
  ORDER BY query_seconds DESC
  LIMIT ${SLOW_QUERIES_KEPT}
), waiters AS (
  -- pg_blocking_pids briefly locks the lock manager's shared state: it is called only for the
  -- sessions waiting on a lock, and the whole tree is skipped while nobody waits.
  SELECT pid, pg_blocking_pids(pid) AS blocked_by
  FROM backends
  WHERE wait_event_type = 'Lock' AND (SELECT waiting FROM totals) > 0
  LIMIT ${LOCK_WAITERS_KEPT}
), lock_tree AS (
  SELECT b.pid, b.app, b.client_addr, b.state, b.xact_seconds, coalesce(w.blocked_by, '{}') AS blocked_by
  FROM backends b LEFT JOIN waiters w ON w.pid = b.pid
  WHERE (SELECT waiting FROM totals) > 0
    AND (w.pid IS NOT NULL OR b.pid IN (SELECT unnest(blocked_by) FROM waiters))
), xacts AS (
  SELECT coalesce(sum(xact_commit), 0)::float8 AS commits,
         coalesce(sum(xact_rollback), 0)::float8 AS rollbacks,
         coalesce(sum(deadlocks), 0)::float8 AS deadlocks
  FROM pg_stat_database
), activity AS (
  SELECT datname, usename, app, coalesce(state, '') AS state, count(*)::int AS count,
         coalesce(max(xact_seconds) FILTER (WHERE pid <> pg_backend_pid()), 0)::float8 AS max_tx
  FROM backends
  GROUP BY datname, usename, app, coalesce(state, '')
), server_stats AS (
  SELECT json_build_object(
    'superuserReserved', current_setting('superuser_reserved_connections')::int,
    'activity', (SELECT coalesce(json_agg(json_build_object('datname', datname, 'usename', usename, 'applicationName', app,
                   'state', state, 'count', count, 'maxTxSeconds', greatest(max_tx, 0))), '[]'::json) FROM activity),
    'databases', (SELECT coalesce(json_agg(json_build_object('datid', datid::text, 'datname', coalesce(datname, ''),
                   'numbackends', numbackends, 'xactCommit', xact_commit, 'xactRollback', xact_rollback, 'deadlocks', deadlocks)
                   ORDER BY datid), '[]'::json) FROM pg_stat_database),
    'locks', (SELECT coalesce(json_agg(json_build_object('datname', datname, 'mode', mode, 'count', count)), '[]'::json)
              FROM (SELECT d.datname, lower(l.mode) AS mode, count(*)::int AS count
                    FROM pg_locks l JOIN pg_database d ON d.oid = l.database GROUP BY d.datname, lower(l.mode)) grouped)
  ) AS server_stats
)
SELECT current_setting('max_connections')::int AS max_connections,
       current_setting('superuser_reserved_connections')::int
         + coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0) AS reserved_connections,
       totals.*,
       xacts.*,
       -- The ages are left out where zero or unknown: every sample of every holder is stored, and most are calm.
       (SELECT coalesce(json_agg(jsonb_build_object(
                  'name', app, 'clientAddr', client_addr, 'total', total, 'active', active,
                  'idle', idle, 'idleInTransaction', idle_in_transaction)
                || jsonb_strip_nulls(jsonb_build_object(
                  'newBackends', nullif(new_backends, 0),
                  'idleLong', nullif(idle_long, 0), 'idleMaxSeconds', idle_max,
                  'idleInTransactionLong', nullif(idle_in_transaction_long, 0), 'idleInTransactionMaxSeconds', idle_in_transaction_max,
                  'activeLong', nullif(active_long, 0), 'activeMaxSeconds', active_max))
                ORDER BY total DESC, app, client_addr), '[]'::json)
        FROM apps) AS applications,
       (SELECT coalesce(json_agg(json_build_object(
                  'pid', pid, 'application', app, 'clientAddr', client_addr,
                  'seconds', round(query_seconds), 'query', query)
                ORDER BY query_seconds DESC), '[]'::json)
        FROM slow) AS slow_queries,
       (SELECT json_agg(json_build_object(
                  'pid', pid, 'application', app, 'clientAddr', client_addr, 'state', state,
                  'xactSeconds', round(xact_seconds), 'blockedBy', blocked_by)
                ORDER BY pid)
        FROM lock_tree) AS lock_tree,
       server_stats.server_stats
FROM totals, xacts, server_stats
`;

/** The row SAMPLE_SQL returns, as node-postgres parses it (int4/float8 → number, json → value). */
export interface SampleRow {
  max_connections: number;
  reserved_connections: number;
  total: number;
  active: number;
  idle: number;
  idle_in_transaction: number;
  idle_in_transaction_aborted: number;
  waiting: number;
  oldest_xact_seconds: number | null;
  commits: number;
  rollbacks: number;
  deadlocks: number;
  new_backends: number;
  applications: unknown;
  slow_queries: unknown;
  lock_tree: unknown;
  server_stats: ServerStats;
}

export interface SampleFigures {
  maxConnections: number;
  reservedConnections: number;
  total: number;
  states: ConnectionStates;
  waiting: number;
  oldestXactSeconds: number | null;
  applications: ApplicationHolders[];
  newBackends: number;
  slowQueries: SlowQuery[];
  lockTree: LockedSession[] | null;
  serverStats: ServerStats;
}

export function figuresFromRow(row: SampleRow): SampleFigures {
  return {
    maxConnections: row.max_connections,
    reservedConnections: row.reserved_connections,
    total: row.total,
    states: {
      active: row.active,
      idle: row.idle,
      idleInTransaction: row.idle_in_transaction,
      idleInTransactionAborted: row.idle_in_transaction_aborted,
    },
    waiting: row.waiting,
    oldestXactSeconds: row.oldest_xact_seconds === null ? null : Math.max(0, row.oldest_xact_seconds),
    // Built by json_build_object above, so the shape is ours; an empty list if anything is off.
    applications: Array.isArray(row.applications) ? (row.applications as ApplicationHolders[]) : [],
    newBackends: row.new_backends,
    slowQueries: Array.isArray(row.slow_queries) ? (row.slow_queries as SlowQuery[]) : [],
    // Null, not empty, while nobody waits: the tree was not read.
    lockTree: Array.isArray(row.lock_tree) ? (row.lock_tree as LockedSession[]) : null,
    serverStats: row.server_stats,
  };
}

export function countersFromRow(row: SampleRow, atMs: number): XactCounters {
  return { atMs, commits: row.commits, rollbacks: row.rollbacks, deadlocks: row.deadlocks };
}
