import type { Point } from '../samples/series';

/**
 * What the applications' users met during an incident, from their pool reports: the worst p95
 * and the worst error rate any application of the incident's targets reported, and the queries
 * refused a connection. Pure: lib/postmortem/figures.ts loads the series.
 */
export interface UserImpact {
  /** The applications whose reports counted. */
  applications: string[];
  peakP95: Peak | null;
  peakErrorRate: Peak | null;
  /** Σ refused queries; null when no report counted refusals. */
  refusals: number | null;
}

export interface Peak {
  value: number;
  application: string;
  /** Start of the bucket it was met in (epoch ms). */
  at: number;
}

export interface ApplicationSeriesSet {
  application: string;
  stepMs: number;
  p95Ms: Point[];
  errorRate: Point[];
  refusals: Point[];
}

/** Only the buckets overlapping [start, end] count: the chart's margins are context, not impact. */
export function userImpact(series: readonly ApplicationSeriesSet[], start: number, end: number): UserImpact | null {
  if (series.length === 0) return null;
  const inWindow = (set: ApplicationSeriesSet, points: Point[]) => points.filter(([at, value]) => value !== null && at + set.stepMs > start && at <= end) as [number, number][];
  let peakP95: Peak | null = null;
  let peakErrorRate: Peak | null = null;
  let refusals: number | null = null;
  for (const set of series) {
    for (const [at, value] of inWindow(set, set.p95Ms)) if (!peakP95 || value > peakP95.value) peakP95 = { value, application: set.application, at };
    for (const [at, value] of inWindow(set, set.errorRate)) if (!peakErrorRate || value > peakErrorRate.value) peakErrorRate = { value, application: set.application, at };
    for (const [, value] of inWindow(set, set.refusals)) refusals = (refusals ?? 0) + value;
  }
  return { applications: series.map((set) => set.application), peakP95, peakErrorRate, refusals };
}

/** The worst p95 of every application per bucket (they share one grid: same range, same points). */
export function worstSeries(series: readonly Point[][]): Point[] {
  const byBucket = new Map<number, number | null>();
  for (const points of series) {
    for (const [at, value] of points) {
      const current = byBucket.get(at) ?? null;
      byBucket.set(at, value === null ? current : Math.max(current ?? value, value));
    }
  }
  return [...byBucket.entries()].sort(([a], [b]) => a - b);
}

/**
 * The Issue Summary's line about users: "p95 query latency up to 229 ms (worksmart-web, 10:05
 * UTC); up to 12.5 % of queries failed (…); 312 queries refused a connection". Null without
 * reporting applications. `name` and `time` are the draft's own Markdown and UTC helpers.
 */
export function userImpactLine(users: UserImpact | null | undefined, name: (text: string) => string, time: (at: number) => string): string | null {
  if (!users || users.applications.length === 0) return null;
  const parts: string[] = [];
  const where = (peak: Peak) => `(${name(peak.application)}, ${time(peak.at)})`;
  if (users.peakP95) parts.push(`p95 query latency up to ${formatNumber(users.peakP95.value)} ms ${where(users.peakP95)}`);
  if (users.peakErrorRate) parts.push(`up to ${formatNumber(users.peakErrorRate.value)} % of queries failed ${where(users.peakErrorRate)}`);
  if (users.refusals !== null) parts.push(`${formatNumber(users.refusals)} ${users.refusals === 1 ? 'query was' : 'queries were'} refused a connection`);
  if (parts.length === 0) return `- **What users met:** no query finished in the reports of ${users.applications.map(name).join(', ')}`;
  return `- **What users met:** ${parts.join('; ')}`;
}

/** Whole numbers as they are, others to one decimal (229 ms, 12.5 %). */
function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
