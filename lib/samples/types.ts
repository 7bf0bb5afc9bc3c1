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
export interface SampleRecord {
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
}

/** The latest sample of a target as the API returns it (GET /api/targets/{id}/snapshot). */
export interface Snapshot {
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
