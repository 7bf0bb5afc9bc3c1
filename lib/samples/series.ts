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

/** One metric of one target over [from, to), aggregated in SQL into at most `points` buckets. */
export async function querySeries(
  db: Db,
  query: { targetId: string; metric: MetricName; from: number; to: number; points: number },
): Promise<Series> {
  // Whole milliseconds: callers may compute a window (e.g. a 10 % margin) with fractions,
  // and the bucket arithmetic below runs on bigint.
  query = { ...query, from: Math.floor(query.from), to: Math.ceil(query.to) };
  const stepMs = bucketWidth(query.from, query.to, query.points);
  const aggregate = Prisma.raw(METRICS[query.metric]);
  const from = new Date(query.from);
  const to = new Date(query.to);
  const rows = await db.$queryRaw<{ bucket: number; value: number | null }[]>`
    SELECT (${query.from}::bigint + floor((extract(epoch FROM at) * 1000 - ${query.from}::bigint) / ${stepMs}::bigint)::bigint * ${stepMs}::bigint)::float8 AS bucket,
           (${aggregate})::float8 AS value
    FROM samples
    WHERE target_id = ${query.targetId}::uuid AND at >= ${from} AND at < ${to}
    GROUP BY 1 ORDER BY 1`;
  return {
    metric: query.metric,
    from: query.from,
    to: query.to,
    stepMs,
    points: rows.map((row) => [row.bucket, row.value === null ? null : round(row.value)]),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
