/**
 * What the client and Lifeguard's HTTP API exchange. Plain data with no imports, so that
 * Lifeguard's schemas (lib/ingest/schema.ts, lib/budget/schema.ts) and this package agree on one
 * shape without the package depending on Lifeguard's code.
 */

/** What an application instance sends to Lifeguard's POST /api/ingest, one per report window. */
export interface PoolReportPayload {
  /** The application's name, shared by all its instances (e.g. its application_name). */
  application: string;
  /** This instance's id within the application, e.g. "web-7" or a host name. */
  instance: string;
  /** The Lifeguard target name this pool connects to, when the application knows it. */
  target?: string;
  /** ISO 8601 time the figures were taken; with application and instance, the report's identity. */
  at: string;
  /** The pool's configured maximum of connections (pg.Pool `max` as the application set it, not as a guard lowered it). */
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
  /** True when a guard (guardPool) keeps the pool to Lifeguard's allowance. Absent from older clients. */
  guarded?: boolean;
  /** The maximum the guard held the pool to when the figures were taken; null while no allowance is in force. */
  allowance?: number | null;
}

/** The pool's own counts in a report: what Lifeguard's views of reports (one, or several summed) are built on. */
export type PoolFigures = Pick<PoolReportPayload, 'poolMax' | 'total' | 'idle' | 'waiting' | 'queries' | 'errors'>;

/** POST /api/ingest's body: 1–500 reports, stored all or none. */
export interface IngestBody {
  reports: PoolReportPayload[];
}

/** POST /api/ingest's 202 answer. `duplicates` were already stored (a resent batch). */
export interface IngestResult {
  accepted: number;
  duplicates: number;
}

/** GET /api/applications/{name}/allowance's answer: one instance's share of a target's connections. */
export interface AllowanceAnswer {
  application: string;
  instance: string;
  target: string;
  /** The most connections this instance's pool should hold; null when Lifeguard cannot tell yet (no sample of the target). */
  maxPerInstance: number | null;
  /** max_connections − reserved connections of the target's latest sample; null without one. */
  usable: number | null;
  /** Connections kept out of the shares: Lifeguard's own plus the headroom. */
  reserve: number;
  /** Live instances of the application sharing its part (this one included). */
  instances: number;
  /** The sum spelled out, e.g. "97 usable − 12 reserve = 85; worksmart-web 6 × 13 = 78 …". */
  arithmetic: string;
}

/** POST /api/budget/check's body: a planned fleet of one application on one target. */
export interface BudgetCheckPlan {
  target: string;
  application: string;
  instances: number;
  poolMax: number;
}

/** POST /api/budget/check's answer. */
export interface BudgetCheckAnswer {
  /** Whether the plan fits beside everything else that reports to the target; null when usable connections are unknown. */
  fits: boolean | null;
  usable: number | null;
  reserve: number;
  /** Σ pool max of the other applications plus instances × poolMax of the plan. */
  committed: number;
  /** The largest pool max per instance that fits; null when usable connections are unknown. */
  maxPerInstance: number | null;
  arithmetic: string;
}
