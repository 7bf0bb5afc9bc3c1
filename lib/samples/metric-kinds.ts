import { METRIC_NAMES, METRICS, type MetricName } from './series-metrics';

/**
 * How each metric combines across a bucket, read from its SQL in METRICS so that raw buckets
 * and rolled-up minutes can never disagree: `max` metrics take the maximum of a per-sample
 * expression, `mean` metrics its average (weighted by the samples that had a figure), and
 * `count` metrics count the samples matching a condition.
 */
export type MetricKind =
  | { kind: 'max'; expr: string }
  | { kind: 'mean'; expr: string }
  | { kind: 'count'; condition: string };

export function metricKind(metric: MetricName): MetricKind {
  const sql: string = METRICS[metric];
  const max = /^max\((.*)\)$/.exec(sql);
  if (max?.[1]) return { kind: 'max', expr: max[1] };
  const mean = /^avg\((.*)\)$/.exec(sql);
  if (mean?.[1]) return { kind: 'mean', expr: mean[1] };
  const count = /^count\(\*\) FILTER \(WHERE (.*)\)$/.exec(sql);
  if (count?.[1]) return { kind: 'count', condition: count[1] };
  // A new aggregate in METRICS needs its rollup semantics decided here before it can ship.
  throw new Error(`metric ${metric}: no rollup semantics for ${sql}`);
}

/** Every metric's kind, computed once at load so a METRICS entry without semantics fails fast. */
export const METRIC_KINDS = Object.fromEntries(METRIC_NAMES.map((metric) => [metric, metricKind(metric)])) as Record<MetricName, MetricKind>;
