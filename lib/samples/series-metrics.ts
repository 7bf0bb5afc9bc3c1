/**
 * The series a chart can ask for, each with the SQL that aggregates it within a time bucket.
 * Connection counts and latencies take the bucket's maximum, so a one-second spike is never
 * averaged away on a long range; rates take the mean. Only these names reach SQL.
 */
export const METRICS = {
  total: 'max(total)',
  active: 'max(active)',
  idle: 'max(idle)',
  idleInTransaction: 'max(idle_in_transaction)',
  idleInTransactionAborted: 'max(idle_in_transaction_aborted)',
  waiting: 'max(waiting)',
  maxConnections: 'max(max_connections)',
  usableConnections: 'max(max_connections - coalesce(reserved_connections, 0))',
  usagePercent: 'max(100.0 * total / nullif(max_connections - coalesce(reserved_connections, 0), 0))',
  oldestXactSeconds: 'max(oldest_xact_seconds)',
  probeLatencyMs: 'max(probe_latency_ms)',
  connectLatencyMs: 'max(connect_latency_ms)',
  commitsPerSec: 'avg(commits_per_sec)',
  rollbacksPerSec: 'avg(rollbacks_per_sec)',
  deadlocksPerSec: 'avg(deadlocks_per_sec)',
  /** Samples in the bucket whose probe connection was refused or failed. */
  errors: 'count(*) FILTER (WHERE error IS NOT NULL)',
} as const;

export type MetricName = keyof typeof METRICS;

export const METRIC_NAMES = Object.keys(METRICS) as [MetricName, ...MetricName[]];
