import type { ApplicationHolders, ConnectionStates, ServerStats } from '@/lib/samples/types';
import type { XactCounters } from './rates';

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
 *   superuser or a member of pg_monitor (pg_read_all_stats); they still count in `total`.
 * - server_stats repeats what postgres_exporter reads (its pg_stat_activity, pg_stat_database
 *   and pg_locks queries) so /metrics can be a drop-in; pg_locks is in shared memory too.
 */
export const SAMPLE_SQL = `
WITH backends AS (
  SELECT pid, state, wait_event_type, xact_start,
         coalesce(datname, '') AS datname, coalesce(usename, '') AS usename,
         coalesce(application_name, '') AS app,
         host(client_addr) AS client_addr
  FROM pg_stat_activity
  WHERE backend_type = 'client backend'
), totals AS (
  SELECT count(*)::int AS total,
         count(*) FILTER (WHERE state = 'active')::int AS active,
         count(*) FILTER (WHERE state = 'idle')::int AS idle,
         count(*) FILTER (WHERE state = 'idle in transaction')::int AS idle_in_transaction,
         count(*) FILTER (WHERE state = 'idle in transaction (aborted)')::int AS idle_in_transaction_aborted,
         count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS waiting,
         -- clock_timestamp(), not now(): a transaction may have begun after this statement's own start.
         extract(epoch FROM clock_timestamp() - min(xact_start) FILTER (WHERE pid <> pg_backend_pid()))::float8 AS oldest_xact_seconds
  FROM backends
), apps AS (
  SELECT app, client_addr,
         count(*)::int AS total,
         count(*) FILTER (WHERE state = 'active')::int AS active,
         count(*) FILTER (WHERE state = 'idle')::int AS idle,
         count(*) FILTER (WHERE state LIKE 'idle in transaction%')::int AS idle_in_transaction
  FROM backends
  GROUP BY app, client_addr
), xacts AS (
  SELECT coalesce(sum(xact_commit), 0)::float8 AS commits,
         coalesce(sum(xact_rollback), 0)::float8 AS rollbacks,
         coalesce(sum(deadlocks), 0)::float8 AS deadlocks
  FROM pg_stat_database
), activity AS (
  SELECT datname, usename, app, coalesce(state, '') AS state, count(*)::int AS count,
         coalesce(max(extract(epoch FROM clock_timestamp() - xact_start)) FILTER (WHERE pid <> pg_backend_pid()), 0)::float8 AS max_tx
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
       (SELECT coalesce(json_agg(json_build_object(
                  'name', app, 'clientAddr', client_addr, 'total', total, 'active', active,
                  'idle', idle, 'idleInTransaction', idle_in_transaction)
                ORDER BY total DESC, app, client_addr), '[]'::json)
        FROM apps) AS applications,
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
  applications: unknown;
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
    serverStats: row.server_stats,
  };
}

export function countersFromRow(row: SampleRow, atMs: number): XactCounters {
  return { atMs, commits: row.commits, rollbacks: row.rollbacks, deadlocks: row.deadlocks };
}
