import { METRIC_NAMES, SERIES_METRICS, type MetricName, type SeriesMetricDefinition } from './series-metrics';

/**
 * The SQL of every series query, generated from the structured definitions in SERIES_METRICS:
 * a bucket over raw samples, the minute rollup's figures, and the per-minute partials that let
 * rolled-up minutes and raw ones be combined into one bucket. Each aggregate's meaning is written
 * once here, for all three, so the sources agree by construction. Only the definitions' own SQL,
 * metric names and positional aliases reach a query.
 */

const definition = (metric: MetricName): SeriesMetricDefinition => SERIES_METRICS[metric];

/**
 * What decides a bucket's peak sample, the instant the connection states are read at: the
 * largest total, the latest among equals; a sample without figures only when no other has one.
 */
const PEAK_ORDER = 'total DESC NULLS LAST, at DESC';

/** `value` of the peak sample among the aggregated rows. */
const atPeakSql = (value: string): string => `(array_agg(${value} ORDER BY ${PEAK_ORDER}))[1]`;

/** One metric over the samples of a bucket: `max(total)`, `avg(commits_per_sec)`, `count(*) FILTER (…)`. */
export function bucketSql(metric: MetricName): string {
  const d = definition(metric);
  if (d.aggregate === 'max') return `max(${d.value})`;
  if (d.aggregate === 'mean') return `avg(${d.value})`;
  if (d.aggregate === 'atPeak') return atPeakSql(d.value);
  return `count(*) FILTER (WHERE ${d.where})`;
}

/**
 * The jsonb a minute rollup stores (GROUP BY target and minute over samples): per metric
 * {min, max, avg, n} of its per-sample value (n: samples that had a figure, the weight that keeps
 * a mean of minutes equal to the mean of the samples), {count} for count metrics, and for metrics
 * read at the peak {atPeak, peak, max}: the value at the minute's peak sample and that sample's
 * total, so that a bucket of minutes picks its values from the minute with the largest peak.
 */
export function rollupFiguresSql(): string {
  const parts = METRIC_NAMES.map((metric) => {
    const d = definition(metric);
    const figures =
      d.aggregate === 'count'
        ? `jsonb_build_object('count', count(*) FILTER (WHERE ${d.where}))`
        : d.aggregate === 'atPeak'
          ? `jsonb_build_object('atPeak', ${atPeakSql(d.value)}::float8, 'peak', max(total)::float8, 'max', max(${d.value})::float8)`
          : `jsonb_build_object('min', min(${d.value})::float8, 'max', max(${d.value})::float8, 'avg', avg(${d.value})::float8, 'n', count(${d.value}))`;
    return `'${metric}', ${figures}`;
  });
  return `jsonb_build_object(${parts.join(', ')})`;
}

/*
 * Minute partials, the common shape of a rolled-up minute and a minute of raw samples: column
 * a<i> (a maximum, a count, for means a sum, or the value at the peak) and b<i> (for means, how
 * many samples had a figure; for values at the peak, the minute's peak total). combinedSql turns
 * the partials of a bucket's minutes into the metric's value m<i>.
 */

/** The partials of metric number `i` from a sample_rollups row `r`. */
export function rollupPartialsSql(metric: MetricName, i: number): string {
  const field = (name: string) => `(r.figures->'${metric}'->>'${name}')::float8`;
  const d = definition(metric);
  if (d.aggregate === 'max') return `${field('max')} AS a${i}, NULL::float8 AS b${i}`;
  if (d.aggregate === 'mean') return `${field('avg')} * ${field('n')} AS a${i}, ${field('n')} AS b${i}`;
  // Minutes rolled up before values at the peak were stored fall back to their maximum and the
  // minute's largest total (what the chart drew then).
  if (d.aggregate === 'atPeak') {
    return `coalesce(${field('atPeak')}, ${field('max')}) AS a${i}, coalesce(${field('peak')}, (r.figures->'total'->>'max')::float8) AS b${i}`;
  }
  return `${field('count')} AS a${i}, NULL::float8 AS b${i}`;
}

/** The partials of metric number `i` from the samples of one minute. */
export function samplePartialsSql(metric: MetricName, i: number): string {
  const d = definition(metric);
  if (d.aggregate === 'max') return `max(${d.value})::float8 AS a${i}, NULL::float8 AS b${i}`;
  if (d.aggregate === 'mean') return `sum(${d.value})::float8 AS a${i}, count(${d.value})::float8 AS b${i}`;
  if (d.aggregate === 'atPeak') return `${atPeakSql(d.value)}::float8 AS a${i}, max(total)::float8 AS b${i}`;
  return `(count(*) FILTER (WHERE ${d.where}))::float8 AS a${i}, NULL::float8 AS b${i}`;
}

/**
 * Metric number `i` of a bucket from its minutes' partials: max of max, sum / count, sum of
 * counts, and the value at the peak of the minute with the largest peak (the latest among equals).
 */
export function combinedSql(metric: MetricName, i: number): string {
  const { aggregate } = definition(metric);
  if (aggregate === 'max') return `max(a${i}) AS m${i}`;
  if (aggregate === 'mean') return `sum(a${i}) / nullif(sum(b${i}), 0) AS m${i}`;
  if (aggregate === 'atPeak') return `(array_agg(a${i} ORDER BY b${i} DESC NULLS LAST, minute DESC))[1] AS m${i}`;
  return `sum(a${i}) AS m${i}`;
}
