/**
 * Time to exhaustion: when will connections reach the usable limit if they keep climbing as
 * they have over the recent window? A least-squares line through the recent samples, not the
 * last two points, so one noisy sample does not swing the forecast. Pure.
 */

export interface SeriesPoint {
  /** Epoch ms. */
  at: number;
  value: number;
}

export interface ForecastOptions {
  /** Only points this close to the latest one count. Default 60 s. */
  windowMs?: number;
  /** Fewer points than this in the window: no forecast. Default 5. */
  minPoints?: number;
}

/**
 * Seconds from the latest point until the fitted line reaches `usable`: 0 when the latest value
 * is already there; null when there is no climb (flat or falling) or too few points to tell.
 */
export function secondsToExhaustion(points: readonly SeriesPoint[], usable: number, options: ForecastOptions = {}): number | null {
  const windowMs = options.windowMs ?? 60_000;
  const minPoints = Math.max(2, options.minPoints ?? 5);
  const latest = points.reduce<SeriesPoint | undefined>((last, point) => (last === undefined || point.at > last.at ? point : last), undefined);
  if (!latest) return null;
  if (latest.value >= usable) return 0;
  const recent = points.filter((point) => point.at >= latest.at - windowMs && Number.isFinite(point.value));
  if (recent.length < minPoints) return null;

  // Time in seconds relative to the latest point keeps the sums small and the intercept meaningful.
  const xs = recent.map((point) => (point.at - latest.at) / 1000);
  const ys = recent.map((point) => point.value);
  const n = recent.length;
  const meanX = xs.reduce((sum, x) => sum + x, 0) / n;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - meanX;
    sxy += dx * ((ys[i] ?? 0) - meanY);
    sxx += dx * dx;
  }
  if (sxx === 0) return null; // every point at the same instant
  const slope = sxy / sxx; // connections per second
  if (slope <= 1e-9) return null;
  const fittedNow = meanY - slope * meanX; // the line's value at the latest point (x = 0)
  return Math.max(0, (usable - fittedNow) / slope);
}
