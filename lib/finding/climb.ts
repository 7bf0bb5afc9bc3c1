/**
 * When did the connection climb start? The finding says "since 15:02:10 the total has been
 * climbing", which is what ties a flood to a deploy or a traffic change. Pure.
 *
 * Heuristic, on `total` over the last 30 minutes:
 * 1. the peak is the first point holding the window's maximum (a saturated server stays flat at
 *    its maximum; the climb ended when it first got there);
 * 2. the calm baseline is the 10th percentile of the points in the 10 minutes before the peak —
 *    low enough that the climb itself does not drag it up even when the climb fills most of
 *    the history (a median would land inside it), high enough that a dip shorter than a
 *    minute (a restart) does not set it;
 * 3. scanning backwards from the peak, the climb started at the last point within a tolerance
 *    of the baseline (2% of the rise, at least 1 connection, so jitter does not end the scan).
 * No climb (peak not clearly above the baseline: at least 2 connections and 10% over it) → null.
 */

export interface TotalAt {
  at: number;
  value: number;
}

const BASELINE_WINDOW_MS = 10 * 60 * 1000;

export function climbStartedAt(points: readonly TotalAt[]): number | null {
  const sorted = [...points].sort((a, b) => a.at - b.at);
  if (sorted.length < 3) return null;
  let peakIndex = 0;
  sorted.forEach((point, index) => {
    if (point.value > (sorted[peakIndex]?.value ?? -Infinity)) peakIndex = index;
  });
  const peak = sorted[peakIndex];
  if (!peak) return null;
  const before = sorted.slice(0, peakIndex).filter((point) => point.at >= peak.at - BASELINE_WINDOW_MS);
  if (before.length === 0) return null;
  const baseline = percentile(before.map((point) => point.value), 0.1);
  const rise = peak.value - baseline;
  if (rise < Math.max(2, baseline * 0.1)) return null;
  const calm = baseline + Math.max(1, rise * 0.02);
  for (let index = peakIndex - 1; index >= 0; index--) {
    const point = sorted[index];
    if (point && point.value <= calm) return point.at;
  }
  return null;
}

/** The value below which a fraction `q` of the values lie (nearest rank). */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}
