import 'server-only';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import { config } from '../config';
import type { MetricName } from './series-metrics';
import { queryRollupBuckets } from './series-rollup';
import { bucketSql } from './series-sql';

export type Point = [epochMs: number, value: number | null];

export interface Series {
  metric: MetricName;
  from: number;
  to: number;
  /** Width of each bucket; a bucket with no sample is absent, one whose samples had no figure is null. */
  stepMs: number;
  /** Raw samples, or minute rollups (with raw samples for the minutes not rolled up yet). */
  source: SeriesSource;
  points: Point[];
}

export type SeriesSource = 'raw' | 'rollup';

const MINUTE_MS = 60_000;

/** Buckets of equal width starting at `from`, so the count never exceeds `points`. */
export function bucketWidth(from: number, to: number, points: number): number {
  return Math.max(1, Math.ceil((to - from) / points));
}

export interface SeriesPlan {
  source: SeriesSource;
  from: number;
  to: number;
  stepMs: number;
}

/**
 * Where a range is read from. Raw samples when the whole range is still within raw retention and
 * its buckets are narrower than a minute; otherwise minute rollups, on a grid of whole minutes
 * with a whole number of minutes per bucket, so that every rollup row falls in exactly one bucket
 * (and a bucket means the same as it would over raw samples). Either way at most `points` buckets.
 */
export function planSeries(from: number, to: number, points: number, rawFloorMs: number): SeriesPlan {
  // Whole milliseconds: callers may compute a window (e.g. a 10 % margin) with fractions,
  // and the bucket arithmetic runs on bigint.
  const start = Math.floor(from);
  const end = Math.ceil(to);
  const width = bucketWidth(start, end, points);
  if (width < MINUTE_MS && start >= rawFloorMs) return { source: 'raw', from: start, to: end, stepMs: width };
  const gridStart = Math.floor(start / MINUTE_MS) * MINUTE_MS;
  const gridEnd = Math.max(gridStart + MINUTE_MS, Math.ceil(end / MINUTE_MS) * MINUTE_MS);
  const stepMs = Math.ceil((gridEnd - gridStart) / points / MINUTE_MS) * MINUTE_MS;
  return { source: 'rollup', from: gridStart, to: gridEnd, stepMs };
}

/** Optional in every series query: the clock and raw retention deciding raw or rollups (tests). */
interface SourceOptions {
  now?: number;
  rawRetentionMs?: number;
}

function rawFloor(query: SourceOptions): number {
  const retentionMs = query.rawRetentionMs ?? config().rawRetentionHours * 3600_000;
  return (query.now ?? Date.now()) - retentionMs;
}

/** Several metrics bucketed alike: one row per bucket, values in the order of `metrics`. */
export interface SeriesTable<M extends MetricName = MetricName> {
  metrics: M[];
  from: number;
  to: number;
  stepMs: number;
  source: SeriesSource;
  rows: [epochMs: number, ...values: (number | null)[]][];
}

/**
 * Several metrics of one target over [from, to), aggregated in SQL into at most `points`
 * buckets, in ONE query: an export of every column costs one scan of the range, not one each.
 * A range read from rollups is widened to whole minutes (see planSeries).
 */
export async function querySeriesTable<M extends MetricName>(
  db: Db,
  query: { targetId: string; metrics: readonly M[]; from: number; to: number; points: number } & SourceOptions,
): Promise<SeriesTable<M>> {
  const plan = planSeries(query.from, query.to, query.points, rawFloor(query));
  const rows =
    plan.source === 'raw'
      ? await queryRawBuckets(db, { targetId: query.targetId, metrics: query.metrics, ...plan })
      : await queryRollupBuckets(db, { targetId: query.targetId, metrics: query.metrics, ...plan });
  return {
    metrics: [...query.metrics],
    from: plan.from,
    to: plan.to,
    stepMs: plan.stepMs,
    source: plan.source,
    rows: rows.map((row) => [Number(row.bucket), ...query.metrics.map((_, i) => roundOrNull(row[`m${i}`] ?? null))]),
  };
}

/** Buckets of `stepMs` from `from` over raw samples, each metric aggregated as its definition says. */
async function queryRawBuckets(
  db: Db,
  query: { targetId: string; metrics: readonly MetricName[]; from: number; to: number; stepMs: number },
): Promise<Record<string, number | null>[]> {
  const { from: start, to: end, stepMs } = query;
  // Only the definitions' own SQL reaches the query, by name; the column aliases are positional.
  const aggregates = Prisma.join(query.metrics.map((metric, i) => Prisma.raw(`(${bucketSql(metric)})::float8 AS m${i}`)));
  return db.$queryRaw<Record<string, number | null>[]>`
    SELECT (${start}::bigint + floor((extract(epoch FROM at) * 1000 - ${start}::bigint) / ${stepMs}::bigint)::bigint * ${stepMs}::bigint)::float8 AS bucket,
           ${aggregates}
    FROM samples
    WHERE target_id = ${query.targetId}::uuid AND at >= ${new Date(start)} AND at < ${new Date(end)}
    GROUP BY 1 ORDER BY 1`;
}

/** One metric of one target over [from, to), aggregated in SQL into at most `points` buckets. */
export async function querySeries(
  db: Db,
  query: { targetId: string; metric: MetricName; from: number; to: number; points: number } & SourceOptions,
): Promise<Series> {
  return seriesOfTable(query.metric, await querySeriesTable(db, { ...query, metrics: [query.metric] }));
}

/** A one-metric table in the one-metric shape (the API's answer for a single `metric`). */
export function seriesOfTable(metric: MetricName, table: SeriesTable): Series {
  return {
    metric,
    from: table.from,
    to: table.to,
    stepMs: table.stepMs,
    source: table.source,
    points: table.rows.map(([at, value]) => [at, value ?? null]),
  };
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : round(value);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
