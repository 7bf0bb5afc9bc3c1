import type { MetricName } from '@/lib/samples/series-metrics';

/** What GET /api/targets/{id}/series (and, with its own metrics, /api/applications/{name}/series) answers. Buckets start at `from` and are `stepMs` wide. */
export interface SeriesResponse<M extends string = MetricName> {
  metric: M;
  from: number;
  to: number;
  stepMs: number;
  points: [number, number | null][];
}

/** What the series API answers for several metrics: one row per bucket, values in `metrics` order. */
export interface SeriesTableResponse {
  metrics: MetricName[];
  from: number;
  to: number;
  stepMs: number;
  rows: [number, ...(number | null)[]][];
}

/** A one-metric answer as a table, so a chart reads one shape whatever it asked for. */
export function seriesAsTable(series: SeriesResponse): SeriesTableResponse {
  return { metrics: [series.metric], from: series.from, to: series.to, stepMs: series.stepMs, rows: series.points.map(([t, v]) => [t, v]) };
}

/** A table split back into one series per metric, for the charts' merge. */
export function tableAsSeries(table: SeriesTableResponse): Partial<Record<MetricName, SeriesResponse>> {
  const series: Partial<Record<MetricName, SeriesResponse>> = {};
  table.metrics.forEach((metric, i) => {
    series[metric] = { metric, from: table.from, to: table.to, stepMs: table.stepMs, points: table.rows.map((row) => [row[0], row[i + 1] ?? null]) };
  });
  return series;
}

export type FilledPoint = [number, number | null];

/** Hard cap on buckets we will ever materialise, whatever a response claims (the API caps at 2000). */
const MAX_BUCKETS = 5000;

/**
 * Every bucket of [from, to), with null where the API returned none, so that Recharts
 * (connectNulls=false) draws a gap where the collector had nothing rather than a straight line
 * across the outage. Missing buckets within `openEndMs` of `to` are left out instead: the
 * current bucket is often still empty, and a gap flickering at the live edge is a false alarm.
 */
export function fillGaps(
  points: readonly (readonly [number, number | null])[],
  from: number,
  to: number,
  stepMs: number,
  openEndMs = 0,
): FilledPoint[] {
  if (!(stepMs > 0) || !(to > from)) return [];
  const count = Math.min(Math.ceil((to - from) / stepMs), MAX_BUCKETS);
  const byBucket = new Map<number, number | null>();
  let lastPresent = -1;
  for (const [t, value] of points) {
    // Index, not exact timestamp: tolerant of float rounding in the bucket start.
    const index = Math.floor((t - from) / stepMs + 1e-9);
    if (index < 0 || index >= count) continue;
    byBucket.set(index, value);
    lastPresent = Math.max(lastPresent, index);
  }
  const filled: FilledPoint[] = [];
  for (let index = 0; index < count; index++) {
    const t = from + index * stepMs;
    if (byBucket.has(index)) filled.push([t, byBucket.get(index) ?? null]);
    else if (index > lastPresent && t >= to - openEndMs) break;
    else filled.push([t, null]);
  }
  return filled;
}

/** One row per bucket for a chart with several series: `{ t, active: 3, idle: null, … }`. */
export type ChartRow = { t: number } & Record<string, number | null>;

/**
 * Several series on one grid, keyed by name. Series fetched a moment apart may start a bucket or
 * two apart (relative ranges slide), so the grid spans all of them and every point is placed by
 * its bucket index; a bucket one series lacks is null for that series (a gap, not a zero).
 */
export function mergeSeries(series: Record<string, SeriesResponse<string> | undefined>, openEndMs = 0): ChartRow[] {
  const present = Object.entries(series).filter((entry): entry is [string, SeriesResponse<string>] => entry[1] !== undefined);
  const reference = present[0]?.[1];
  if (!reference) return [];
  const stepMs = reference.stepMs;
  const from = Math.min(...present.map(([, s]) => s.from));
  const to = Math.max(...present.map(([, s]) => s.to));
  const names = present.map(([name]) => name);
  const grid = fillGaps([], from, to, stepMs).map(([t]) => t);
  const rows: ChartRow[] = grid.map((t) => {
    const row: ChartRow = { t };
    for (const name of names) row[name] = null;
    return row;
  });
  // The live edge is where the *least* advanced series ends: series fetched a moment apart
  // disagree about the newest buckets, and a stack missing a layer there looks like a collapse.
  let edge = Infinity;
  for (const [name, s] of present) {
    let lastPresent = -1;
    for (const [t, value] of s.points) {
      const index = Math.floor((t - from) / stepMs + 1e-9);
      const row = rows[index];
      if (!row) continue;
      row[name] = value;
      lastPresent = Math.max(lastPresent, index);
    }
    edge = Math.min(edge, lastPresent);
  }
  // Same rule as fillGaps: buckets near the live edge that not every series has yet are left
  // out rather than drawn as gaps.
  let end = rows.length;
  while (end > edge + 1 && (rows[end - 1]?.t ?? 0) >= to - openEndMs) end--;
  return rows.slice(0, end);
}
