/**
 * What an application's series can show, and how each figure combines its instances' pool
 * reports within a time bucket. Pure: the SQL here is constant text, the only SQL of metrics that
 * reaches a query (lib/applications/series.ts picks it by name).
 *
 * Two steps, because instances report on their own clocks: first each instance's reports in the
 * bucket become one partial (the peak of its pool figures and latency percentiles, the sums of its
 * counts), then the instances' partials combine. Pool sizes and waiting callers add up over
 * instances (the application holds the sum); latency takes the worst instance (users of that
 * instance met it); the error rate is the share of all the application's queries that failed.
 */

export const APPLICATION_METRICS = ['p50Ms', 'p95Ms', 'p99Ms', 'errorRate', 'refusals', 'poolTotal', 'poolMax', 'poolWaiting'] as const;
export type ApplicationMetric = (typeof APPLICATION_METRICS)[number];

/**
 * One instance's reports (or its minute rollups, which have the same columns and meaning) in one
 * bucket, as columns the ACROSS_INSTANCES expressions read. Max of maxima and sum of sums, so a
 * bucket means the same whether it is computed from raw reports or from minute rollups.
 */
export const INSTANCE_PARTIAL_SQL = [
  'max(p50_ms)::float8 AS p50',
  'max(p95_ms)::float8 AS p95',
  'max(p99_ms)::float8 AS p99',
  'sum(queries)::float8 AS queries',
  'sum(errors)::float8 AS errors',
  'sum(refusals)::float8 AS refusals',
  'max(total)::float8 AS total',
  'max(pool_max)::float8 AS pool_max',
  'max(waiting)::float8 AS waiting',
].join(', ');

/** The instances' partials of one bucket combined into the metric's value. */
export const ACROSS_INSTANCES: Record<ApplicationMetric, string> = {
  p50Ms: 'max(p50)',
  p95Ms: 'max(p95)',
  p99Ms: 'max(p99)',
  /** In %, like the errorRate alert: Σ errors / Σ queries; null when no query ran. */
  errorRate: '100.0 * sum(errors) / nullif(sum(queries), 0)',
  /** Per bucket, like the target's refused probes; null when no report counted refusals. */
  refusals: 'sum(refusals)',
  poolTotal: 'sum(total)',
  poolMax: 'sum(pool_max)',
  poolWaiting: 'sum(waiting)',
};

/** How each metric reads on a chart and in the docs. */
export const METRIC_UNITS: Record<ApplicationMetric, 'ms' | '%' | 'count'> = {
  p50Ms: 'ms',
  p95Ms: 'ms',
  p99Ms: 'ms',
  errorRate: '%',
  refusals: 'count',
  poolTotal: 'count',
  poolMax: 'count',
  poolWaiting: 'count',
};
