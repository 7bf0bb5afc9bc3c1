import type { StageTimes } from '../events/stages';

/**
 * Who holds connections on a target: client backends grouped by application_name × client_addr
 * (for a PgBouncer target, its clients from SHOW CLIENTS).
 */
export interface ApplicationHolders {
  name: string;
  /** null for Unix-socket clients. */
  clientAddr: string | null;
  total: number;
  active: number;
  idle: number;
  idleInTransaction: number;
  /** PgBouncer targets only: clients queued for a server connection. */
  waiting?: number;
  /*
   * How long the group's sessions have been in their state, read from state_change, query_start
   * and backend_start: what tells a pool that holds connections it does not use from one that is
   * busy. Absent when zero or unknown, and in samples recorded before Lifeguard read them.
   * Thresholds: lib/collector/sample-query.ts.
   */
  /** Sessions that connected in the last NEW_BACKEND_WINDOW_SECONDS. */
  newBackends?: number;
  /** `idle` sessions idle for at least LONG_IDLE_SECONDS, and the longest idle, in seconds. */
  idleLong?: number;
  idleMaxSeconds?: number | null;
  /** Sessions idle in a transaction for at least LONG_IDLE_IN_TRANSACTION_SECONDS, and the longest. */
  idleInTransactionLong?: number;
  idleInTransactionMaxSeconds?: number | null;
  /** `active` sessions not waiting on a lock whose query has run at least SLOW_QUERY_SECONDS, and the longest. */
  activeLong?: number;
  activeMaxSeconds?: number | null;
}

/**
 * What postgres_exporter reads, kept per sample so /metrics can offer the exporter's own series
 * (pg_stat_activity_count{datname,state,usename,application_name}, pg_stat_database_* totals,
 * pg_locks_count{datname,mode}). The pg_stat_database figures are the server's running totals,
 * not rates, so Prometheus' rate() works on them. Null for PgBouncer targets and failed samples.
 */
export interface ServerStats {
  superuserReserved: number;
  /** Client backends grouped as the exporter groups them; maxTxSeconds 0 when none is in a transaction. */
  activity: { datname: string; usename: string; applicationName: string; state: string; count: number; maxTxSeconds: number }[];
  /** Every row of pg_stat_database (datid 0, datname "", is the shared catalogue). */
  databases: { datid: string; datname: string; numbackends: number; xactCommit: number; xactRollback: number; deadlocks: number }[];
  /** Locks held or awaited per database and lower-case mode; modes with none are left out. */
  locks: { datname: string; mode: string; count: number }[];
}

/** One of the longest-running queries of a sample (active, not waiting on a lock). */
export interface SlowQuery {
  pid: number;
  application: string;
  clientAddr: string | null;
  seconds: number;
  /** The query text, truncated; null when the monitoring role may not read it. */
  query: string | null;
}

/**
 * A session in a lock pile-up: one that waits on a lock (`blockedBy` names the pids holding it,
 * pg_blocking_pids), or one that holds a lock others wait for (`blockedBy` empty).
 */
export interface LockedSession {
  pid: number;
  application: string;
  clientAddr: string | null;
  state: string | null;
  /** Age of the session's open transaction; null without one. */
  xactSeconds: number | null;
  blockedBy: number[];
}

/** What a sample records about sessions beyond counts: the figures the causes are read from. */
export interface SessionDetail {
  /** Client backends that connected in the last NEW_BACKEND_WINDOW_SECONDS. */
  newBackends?: number | null;
  /** The longest-running queries, longest first; absent in samples recorded before Lifeguard read them. */
  slowQueries?: SlowQuery[] | null;
  /** The blocking graph; null when no session waited on a lock (it is only read then). */
  lockTree?: LockedSession[] | null;
}

export interface ConnectionStates {
  active: number;
  idle: number;
  idleInTransaction: number;
  idleInTransactionAborted: number;
}

/**
 * One observation of a target, as the collector records it. When the persistent connection
 * cannot read the server, every figure is null and `error` says why; when only the probe
 * connection is refused ("too many clients"), the figures are there *and* `error` is set.
 */
export interface SampleRecord extends SessionDetail {
  targetId: string;
  at: Date;
  maxConnections: number | null;
  /** superuser_reserved_connections + reserved_connections: slots ordinary clients cannot use. */
  reservedConnections: number | null;
  /** Client backends (backend_type = 'client backend'), Lifeguard's own connection included. */
  total: number | null;
  states: ConnectionStates | null;
  /** Client backends waiting on a lock. */
  waiting: number | null;
  oldestXactSeconds: number | null;
  probeLatencyMs: number | null;
  connectLatencyMs: number | null;
  commitsPerSec: number | null;
  rollbacksPerSec: number | null;
  deadlocksPerSec: number | null;
  applications: ApplicationHolders[] | null;
  /** Absent (undefined) where a sampler has none to give, as for PgBouncer. */
  serverStats?: ServerStats | null;
  error: string | null;
  /**
   * SQLSTATE (e.g. "53300" too many clients), Node error code (e.g. "ECONNREFUSED"), or a
   * PgBouncer refusal ("pgbouncer:max_client_conn", see lib/collector/pgbouncer-refusals.ts).
   */
  errorCode: string | null;
  /**
   * When the collector read the figures and handed the sample on (wall-clock ms), carried to the
   * browser with the live event to time the live path (lib/events/stages.ts); never stored.
   */
  stages?: Pick<StageTimes, 'read' | 'recorded'>;
}

/** The latest sample of a target as the API returns it (GET /api/targets/{id}/snapshot). */
export interface Snapshot extends SessionDetail {
  targetId: string;
  at: string;
  maxConnections: number | null;
  reservedConnections: number | null;
  /** maxConnections − reservedConnections: what applications can actually open. */
  usableConnections: number | null;
  total: number | null;
  states: ConnectionStates | null;
  waiting: number | null;
  oldestXactSeconds: number | null;
  applications: ApplicationHolders[];
  probeLatencyMs: number | null;
  connectLatencyMs: number | null;
  commitsPerSec: number | null;
  rollbacksPerSec: number | null;
  deadlocksPerSec: number | null;
  error: string | null;
  errorCode: string | null;
}
