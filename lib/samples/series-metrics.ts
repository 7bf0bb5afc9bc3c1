/**
 * The series a chart can ask for, each defined by what it reads from one sample row and how the
 * samples of a time bucket combine. Connection counts and latencies take the bucket's maximum, so
 * a one-second spike is never averaged away on a long range; rates take the mean; errors count.
 * The connection states are stacked by the chart, so they are read at ONE instant, the sample
 * with the bucket's peak total: each state's own maximum may come from different instants, and
 * their stack would draw more connections than ever existed at once.
 * Raw buckets and minute rollups are both generated from these definitions
 * (lib/samples/series-sql.ts), so the two can never disagree. Only these names reach SQL.
 */
export type SeriesMetricDefinition =
  /** The largest `value` in the bucket. */
  | { aggregate: 'max'; value: string }
  /** The mean of `value` over the samples that had one (a null figure is not a zero). */
  | { aggregate: 'mean'; value: string }
  /** How many samples in the bucket match `where`. */
  | { aggregate: 'count'; where: string }
  /** `value` of the bucket's peak sample: the one with the largest total (the latest among equals). */
  | { aggregate: 'atPeak'; value: string };

// `value` and `where` are SQL over one row of the samples table.
export const SERIES_METRICS = {
  total: { aggregate: 'max', value: 'total' },
  active: { aggregate: 'atPeak', value: 'active' },
  idle: { aggregate: 'atPeak', value: 'idle' },
  idleInTransaction: { aggregate: 'atPeak', value: 'idle_in_transaction' },
  idleInTransactionAborted: { aggregate: 'atPeak', value: 'idle_in_transaction_aborted' },
  waiting: { aggregate: 'max', value: 'waiting' },
  maxConnections: { aggregate: 'max', value: 'max_connections' },
  usableConnections: { aggregate: 'max', value: 'max_connections - coalesce(reserved_connections, 0)' },
  usagePercent: { aggregate: 'max', value: '100.0 * total / nullif(max_connections - coalesce(reserved_connections, 0), 0)' },
  oldestXactSeconds: { aggregate: 'max', value: 'oldest_xact_seconds' },
  probeLatencyMs: { aggregate: 'max', value: 'probe_latency_ms' },
  connectLatencyMs: { aggregate: 'max', value: 'connect_latency_ms' },
  commitsPerSec: { aggregate: 'mean', value: 'commits_per_sec' },
  rollbacksPerSec: { aggregate: 'mean', value: 'rollbacks_per_sec' },
  deadlocksPerSec: { aggregate: 'mean', value: 'deadlocks_per_sec' },
  /** Samples whose probe connection was refused or failed. */
  errors: { aggregate: 'count', where: 'error IS NOT NULL' },
} as const satisfies Record<string, SeriesMetricDefinition>;

export type MetricName = keyof typeof SERIES_METRICS;

export const METRIC_NAMES = Object.keys(SERIES_METRICS) as [MetricName, ...MetricName[]];
