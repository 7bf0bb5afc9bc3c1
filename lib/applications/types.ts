import type { PoolFigures } from 'pg-lifeguard';

/** Shapes of GET /api/applications (dates as ISO strings). Pure types, safe for the browser. */

/** What one pool report says, or the sum/peak of several (an application's current figures). */
export interface ReportFigures extends PoolFigures {
  /** Null when the reports did not count refusals (older clients). */
  refusals: number | null;
  /** errors / queries × 100; null when no query ran. */
  errorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface ApplicationInstance {
  instance: string;
  /** The target name its latest report named (null: it did not say). */
  target: string | null;
  /** ISO: its latest report in the range. */
  lastReportAt: string;
  /** Reported within the last 2 minutes of the range: counted in the application's current figures. */
  current: boolean;
  /** Its latest raw report; null when only minute rollups are left of that time. */
  latest: (ReportFigures & { at: string }) | null;
}

export interface ApplicationSummary {
  name: string;
  /** Target names its instances' latest reports named, sorted. */
  targets: string[];
  /** Naturally sorted (web-2 before web-10). */
  instances: ApplicationInstance[];
  /** Its current instances' latest reports combined: sums of pool figures and counts, the worst percentiles. */
  latest: ReportFigures | null;
}
