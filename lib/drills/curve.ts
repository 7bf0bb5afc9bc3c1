import type { CurvePoint } from './schema';
import type { FleetStats } from './fleet';

/** The p-th percentile (0–100) by nearest rank; null for no values. Sorts a copy. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? null;
}

const round = (value: number | null, digits = 1) => (value === null ? null : Number(value.toFixed(digits)));

/**
 * One second of the curve from two cumulative fleet samples and the latencies of the requests
 * that ended in between (successes only: a refusal answers in a millisecond and would make an
 * overloaded database look fast).
 */
export function curvePoint(previous: FleetStats, current: FleetStats, latenciesMs: readonly number[], connections: number): CurvePoint {
  const seconds = Math.max(0.001, (current.at - previous.at) / 1000);
  return {
    at: current.at,
    requestsPerSec: round((current.started + current.shed - previous.started - previous.shed) / seconds) ?? 0,
    errorsPerSec: round((current.errors - previous.errors) / seconds) ?? 0,
    p50Ms: round(percentile(latenciesMs, 50)),
    p95Ms: round(percentile(latenciesMs, 95)),
    connections,
  };
}
