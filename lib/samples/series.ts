import { Prisma } from '../generated/prisma/client';
import type { Db } from '../db';
import { METRICS, type MetricName } from './metrics';

export type Point = [epochMs: number, value: number | null];

export interface Series {
  metric: MetricName;
  from: number;
  to: number;
  /** Width of each bucket; a bucket with no sample is absent, one whose samples had no figure is null. */
  stepMs: number;
  points: Point[];
}

/** Buckets of equal width starting at `from`, so the count never exceeds `points`. */
export function bucketWidth(from: number, to: number, points: number): number {
  return Math.max(1, Math.ceil((to - from) / points));
}

/** Several metrics bucketed alike: one row per bucket, values in the order of `metrics`. */
export interface SeriesTable<M extends MetricName = MetricName> {
  metrics: M[];
  from: number;
  to: number;
  stepMs: number;
  rows: [epochMs: number, ...values: (number | null)[]][];
}

/**
 * Several metrics of one target over [from, to), aggregated in SQL into at most `points`
 * buckets, in ONE query: an export of every column costs one scan of the range, not one each.
 */
export async function querySeriesTable<M extends MetricName>(
  db: Db,
  query: { targetId: string; metrics: readonly M[]; from: number; to: number; points: number },
): Promise<SeriesTable<M>> {
  // Whole milliseconds: callers may compute a window (e.g. a 10 % margin) with fractions,
  // and the bucket arithmetic below runs on bigint.
  const start = Math.floor(query.from);
  const end = Math.ceil(query.to);
  const stepMs = bucketWidth(start, end, query.points);
  // Only METRICS' own SQL reaches the query, by name; the column aliases are positional.
  const aggregates = Prisma.join(query.metrics.map((metric, i) => Prisma.raw(`(${METRICS[metric]})::float8 AS m${i}`)));
  const rows = await db.$queryRaw<Record<string, number | null>[]>`
    SELECT (${start}::bigint + floor((extract(epoch FROM at) * 1000 - ${start}::bigint) / ${stepMs}::bigint)::bigint * ${stepMs}::bigint)::float8 AS bucket,
           ${aggregates}
    FROM samples
    WHERE target_id = ${query.targetId}::uuid AND at >= ${new Date(start)} AND at < ${new Date(end)}
    GROUP BY 1 ORDER BY 1`;
  return {
    metrics: [...query.metrics],
    from: start,
    to: end,
    stepMs,
    rows: rows.map((row) => [Number(row.bucket), ...query.metrics.map((_, i) => roundOrNull(row[`m${i}`] ?? null))]),
  };
}

/** One metric of one target over [from, to), aggregated in SQL into at most `points` buckets. */
export async function querySeries(
  db: Db,
  query: { targetId: string; metric: MetricName; from: number; to: number; points: number },
): Promise<Series> {
  const table = await querySeriesTable(db, { ...query, metrics: [query.metric] });
  return {
    metric: query.metric,
    from: table.from,
    to: table.to,
    stepMs: table.stepMs,
    points: table.rows.map(([at, value]) => [at, value ?? null]),
  };
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : round(value);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
