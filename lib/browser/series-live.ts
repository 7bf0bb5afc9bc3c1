import { SERIES_METRICS, type MetricName } from '@/lib/samples/series-metrics';
import type { Snapshot } from '@/lib/samples/types';
import type { SeriesTableResponse } from './series';

/**
 * What the client knows of the newest bucket it wrote into: enough to keep aggregating it exactly
 * as the server does (lib/samples/series-metrics.ts). `exact` is false once a server bucket got
 * a pushed sample merged into a mean (the server's sample count is unknown here), or into a state
 * read at the peak without the bucket's total: such a bucket is refetched when it closes.
 */
export interface LiveEdge {
  t: number;
  exact: boolean;
  /** Per metric: for means the sum and count of figures; unused otherwise. */
  sums: number[];
  counts: number[];
  /** The bucket's peak total so far (null: no sample with a total yet). */
  peak: number | null;
}

/** A series table in the cache, followed live: `through` is the newest instant already counted. */
export interface LiveSeriesTable extends SeriesTableResponse {
  live: { through: number; edge: LiveEdge | null };
}

export interface AppendResult {
  table: LiveSeriesTable;
  /** A bucket closed that the client could not compute, or a sample landed behind the edge. */
  refetch: boolean;
}

type Row = SeriesTableResponse['rows'][number];

/** One sample's figure for a metric, as the SQL definition reads it from the samples row. */
export function sampleValue(snapshot: Snapshot, metric: MetricName): number | null {
  switch (metric) {
    case 'active':
    case 'idle':
    case 'idleInTransaction':
    case 'idleInTransactionAborted':
      return snapshot.states?.[metric] ?? null;
    case 'usagePercent':
      return snapshot.total === null || !snapshot.usableConnections ? null : (100 * snapshot.total) / snapshot.usableConnections;
    case 'errors':
      return snapshot.error === null ? 0 : 1;
    default:
      return snapshot[metric];
  }
}

/** The table as fetched, ready to follow pushed samples counted after `through`. */
export function liveTable(table: SeriesTableResponse, through: number): LiveSeriesTable {
  return { ...table, live: { through, edge: null } };
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** Whether a sample with `total` becomes the peak (largest total, latest among equals, nulls last). */
function isNewPeak(total: number | null, peak: number | null): boolean {
  return total === null ? peak === null : peak === null || total >= peak;
}

/** An edge for a bucket the server computed: what of it the client can carry on exactly. */
function edgeFromServer(table: SeriesTableResponse, row: Row): LiveEdge {
  const totalIndex = table.metrics.indexOf('total');
  const peak = totalIndex === -1 ? null : (row[totalIndex + 1] ?? null);
  const exact = table.metrics.every((metric) => {
    const { aggregate } = SERIES_METRICS[metric];
    return aggregate !== 'mean' && (aggregate !== 'atPeak' || totalIndex !== -1);
  });
  return { t: row[0], exact, sums: table.metrics.map(() => 0), counts: table.metrics.map(() => 0), peak };
}

/** The sample merged into a bucket with the server's aggregates; a fresh bucket starts from an empty row. */
function mergeInto(table: SeriesTableResponse, row: Row, edge: LiveEdge, snapshot: Snapshot, fresh: boolean): [Row, LiveEdge] {
  const takePeak = isNewPeak(snapshot.total, edge.peak);
  const sums = [...edge.sums];
  const counts = [...edge.counts];
  const values = table.metrics.map((metric, i) => {
    const old = fresh ? null : (row[i + 1] ?? null);
    const value = sampleValue(snapshot, metric);
    switch (SERIES_METRICS[metric].aggregate) {
      case 'max':
        return maxOf(old, value);
      case 'count':
        return (fresh ? 0 : (old ?? 0)) + (value ?? 0);
      case 'atPeak':
        return takePeak ? value : old;
      case 'mean':
        // A server bucket's mean cannot take one more sample without its count: left as it is.
        if (!edge.exact) return old;
        if (value === null) return old;
        sums[i] = (sums[i] ?? 0) + value;
        counts[i] = (counts[i] ?? 0) + 1;
        return round((sums[i] ?? 0) / (counts[i] ?? 1));
    }
  });
  const peak = takePeak && snapshot.total !== null ? snapshot.total : edge.peak;
  return [[row[0], ...values.map((v) => (v === null ? null : round(v)))], { ...edge, sums, counts, peak }];
}

/**
 * One pushed sample into a cached series table: merged into its bucket, or a new bucket at the
 * live edge (a relative range slides forward by whole buckets, an absolute one drops what falls
 * outside it). Samples before the range are dropped, and so are samples the table may already
 * count (at or before `through`), unless they open a bucket after the newest one: no row holds
 * them then, and a sample committed just after the fetch would otherwise leave a gap.
 */
export function appendSample(table: LiveSeriesTable, snapshot: Snapshot, slide: boolean): AppendResult {
  const at = Date.parse(snapshot.at);
  const unchanged = { table, refetch: false };
  if (!Number.isFinite(at) || at < table.from || !(table.stepMs > 0)) return unchanged;
  let { from, to, rows } = table;
  if (at >= to) {
    if (!slide) return unchanged;
    const shift = Math.floor((at - to) / table.stepMs) + 1;
    from += shift * table.stepMs;
    to += shift * table.stepMs;
    rows = rows.filter((row) => row[0] >= from);
  }
  const t = from + Math.floor((at - from) / table.stepMs) * table.stepMs;
  const last = rows[rows.length - 1];
  const counted = at <= table.live.through;
  if (counted && last && t <= last[0]) return unchanged;
  const through = Math.max(at, table.live.through);
  if (last && t < last[0]) return { table: { ...table, live: { ...table.live, through } }, refetch: true };
  if (last && t === last[0]) {
    const edge = table.live.edge?.t === t ? table.live.edge : edgeFromServer(table, last);
    const [row, next] = mergeInto(table, last, edge, snapshot, false);
    return { table: { ...table, from, to, rows: [...rows.slice(0, -1), row], live: { through, edge: next } }, refetch: false };
  }
  // A new bucket: the previous one is closed, and is right unless it was a server bucket we could not follow.
  const closedInexact = table.live.edge !== null && table.live.edge.t === last?.[0] && !table.live.edge.exact;
  const empty: LiveEdge = { t, exact: true, sums: table.metrics.map(() => 0), counts: table.metrics.map(() => 0), peak: null };
  const [row, edge] = mergeInto(table, [t], empty, snapshot, true);
  return { table: { ...table, from, to, rows: [...rows, row], live: { through, edge } }, refetch: closedInexact };
}
