/**
 * What an application instance sends to Lifeguard's POST /api/ingest, one per report window.
 * Plain data with no imports, so that lib/ingest/schema.ts (which validates it) and this client
 * agree on one shape without the client depending on Lifeguard's code.
 */
export interface PoolReportPayload {
  /** The application's name, shared by all its instances (e.g. its application_name). */
  application: string;
  /** This instance's id within the application, e.g. "web-7" or a host name. */
  instance: string;
  /** The Lifeguard target name this pool connects to, when the application knows it. */
  target?: string;
  /** ISO 8601 time the figures were taken; with application and instance, the report's identity. */
  at: string;
  /** The pool's configured maximum of connections (pg.Pool `max`). */
  poolMax: number;
  /** Connections the pool has open, idle ones included. */
  total: number;
  idle: number;
  /** Callers waiting for a connection from the pool. */
  waiting: number;
  /** Queries finished in the window, failed ones included. */
  queries: number;
  errors: number;
  /**
   * Of the errors, those where the server refused a connection (SQLSTATE 53300 too many clients,
   * 53400 configuration limit exceeded, 57P03 cannot connect now). Absent from older clients.
   */
  refusals?: number;
  /** Latency percentiles (ms) of the window's queries; null when none finished. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/** POST /api/ingest's body: 1–500 reports, stored all or none. */
export interface IngestBody {
  reports: PoolReportPayload[];
}

/** POST /api/ingest's 202 answer. `duplicates` were already stored (a resent batch). */
export interface IngestResult {
  accepted: number;
  duplicates: number;
}
