import { PGBOUNCER_FLOOD_CODES } from '../collector/pgbouncer-refusals';
import { secondsToExhaustion } from './forecast';
import type { InstanceReportRow, TargetData } from './types';

/**
 * The metrics an alert rule can watch, and how each is computed from what the evaluator reads
 * (lib/alerts/round-data.ts). One registry, so the API's validation, the evaluator and the
 * sentences in lib/alerts/summary.ts can never disagree about which metrics exist. Pure.
 */

export const ALERT_METRICS = [
  'usagePercent',
  'refusing',
  'unreachable',
  'timeToExhaustionSeconds',
  'waiting',
  'oldestXactSeconds',
  'poolWaiting',
  'p95LatencyMs',
  'errorRate',
  'poolerWaiting',
  'poolerMaxWaitSeconds',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export type AlertScope = 'target' | 'application';

/**
 * Refusals for lack of connections: PostgreSQL's SQLSTATEs, and PgBouncer's refusals at the
 * pooler (max_client_conn, query_wait_timeout, …) or of the server behind it. Kept apart from the
 * collector's REFUSAL_CODES on purpose: refusals an operator asked for (57P03 starting up or
 * shutting down, a database DISABLEd in PgBouncer) must not open incidents by themselves.
 */
const REFUSAL_CODES = new Set(['53300', '53400', ...PGBOUNCER_FLOOD_CODES]);
/** Samples missing for this many intervals mean the collector cannot reach the target. */
const MISSING_INTERVALS = 3;
const FORECAST_WINDOW_MS = 60_000;
/** Connections the total must have grown by in the window before a forecast is made. */
const MIN_RISE = 2;

type TargetMetric = { scope: 'target'; value: (data: TargetData, now: number) => number | null };
type ApplicationMetric = { scope: 'application'; value: (reports: readonly InstanceReportRow[]) => number | null };
export type MetricDefinition = (TargetMetric | ApplicationMetric) & {
  /** For incident titles: "production: refusing new connections". */
  headline: string;
  /** Watched on targets of this kind only (absent: every target). */
  kind?: 'pgbouncer';
};

export const METRIC_REGISTRY: Record<AlertMetric, MetricDefinition> = {
  usagePercent: { scope: 'target', headline: 'connection usage high', value: (data) => usagePercent(data) },
  refusing: {
    scope: 'target',
    headline: 'refusing new connections',
    value: (data) => (data.latest ? (REFUSAL_CODES.has(data.latest.errorCode ?? '') ? 1 : 0) : null),
  },
  unreachable: { scope: 'target', headline: 'unreachable', value: unreachable },
  timeToExhaustionSeconds: { scope: 'target', headline: 'running out of connections', value: timeToExhaustion },
  waiting: { scope: 'target', headline: 'sessions waiting on locks', value: (data) => data.latest?.waiting ?? null },
  oldestXactSeconds: { scope: 'target', headline: 'long-running transaction', value: (data) => data.latest?.oldestXactSeconds ?? null },
  poolWaiting: { scope: 'application', headline: 'pool clients waiting', value: (reports) => maxOf(reports.map((r) => r.waiting)) },
  p95LatencyMs: { scope: 'application', headline: 'query latency high', value: (reports) => maxOf(reports.map((r) => r.p95Ms)) },
  errorRate: { scope: 'application', headline: 'query errors', value: errorRate },
  poolerWaiting: { scope: 'target', kind: 'pgbouncer', headline: 'clients waiting in PgBouncer', value: (data) => currentPooler(data)?.clWaiting ?? null },
  poolerMaxWaitSeconds: { scope: 'target', kind: 'pgbouncer', headline: 'PgBouncer clients waiting long', value: (data) => currentPooler(data)?.maxWaitSeconds ?? null },
};

/** Whether a rule on `metric` watches a target of this kind. */
export function metricAppliesTo(metric: AlertMetric, kind: string | undefined): boolean {
  const wanted = METRIC_REGISTRY[metric].kind;
  return wanted === undefined || wanted === (kind ?? 'postgres');
}

/**
 * The pools as of the target's latest sample. Pools older than it (PgBouncer unreachable since:
 * error samples carry no pools) are no data, so a stale queue cannot keep an alert firing; the
 * unreachable rule speaks for that case.
 */
function currentPooler(data: TargetData) {
  const pooler = data.pooler;
  if (!pooler || (data.latest && pooler.at < data.latest.at)) return null;
  return pooler;
}

export const metricScope = (metric: AlertMetric): AlertScope => METRIC_REGISTRY[metric].scope;

/** latest total / usable × 100; null while the latest sample has no figures. */
export function usagePercent(data: TargetData): number | null {
  const latest = data.latest;
  if (!latest || latest.total === null || latest.maxConnections === null) return null;
  const usable = latest.maxConnections - (latest.reservedConnections ?? 0);
  return usable > 0 ? round((latest.total / usable) * 100, 1) : null;
}

/**
 * 1 when the latest sample could not read the server (no figures, an error), or when no sample
 * has arrived for more than 3 intervals (counted from the target's registration before the
 * first one): a collector that cannot even connect records nothing for a while.
 */
export function unreachable(data: TargetData, now: number): number {
  const { latest, target } = data;
  const silentFor = now - (latest?.at ?? target.createdAt);
  if (silentFor > MISSING_INTERVALS * target.intervalMs) return 1;
  return latest !== null && latest.total === null && latest.error !== null ? 1 : 0;
}

/**
 * Seconds until `total` reaches usable at the slope of the last 60 s; null without a climb.
 * A climb must be real: the latest total at least MIN_RISE above the window's lowest. Otherwise
 * one connection coming and going (Lifeguard's own probe, a cron job) in a short window fits a
 * steep line and forecasts exhaustion on a calm server.
 */
export function timeToExhaustion(data: TargetData): number | null {
  const usable = [...data.totals].reverse().find((point) => point.usable !== null)?.usable ?? null;
  const latest = data.totals.at(-1);
  if (usable === null || usable <= 0 || !latest) return null;
  const lowest = Math.min(...data.totals.map((point) => point.total));
  if (latest.total < usable && latest.total - lowest < Math.max(MIN_RISE, usable * 0.05)) return null;
  const seconds = secondsToExhaustion(
    data.totals.map((point) => ({ at: point.at, value: point.total })),
    usable,
    { windowMs: FORECAST_WINDOW_MS },
  );
  return seconds === null ? null : round(seconds, 1);
}

/** Σ errors / Σ queries over the instances' latest reports, in %; null when none ran a query. */
export function errorRate(reports: readonly InstanceReportRow[]): number | null {
  const queries = reports.reduce((sum, report) => sum + report.queries, 0);
  if (queries === 0) return null;
  return round((reports.reduce((sum, report) => sum + report.errors, 0) / queries) * 100, 2);
}

function maxOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length === 0 ? null : Math.max(...present);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
