import 'server-only';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import { config } from '../config';
import { notFound } from '../http/errors';
import { planSeries, type Point, type SeriesSource } from '../samples/series';
import { ACROSS_INSTANCES, INSTANCE_PARTIAL_SQL, type ApplicationMetric } from './metrics';
import { ROLLED_UNTIL_SQL } from './rollup';

/** GET /api/applications/{name}/series: the target series' shape, for an application's reports. */
export interface ApplicationSeries {
  application: string;
  /** Set when the series is of one instance only. */
  instance?: string;
  metric: ApplicationMetric;
  from: number;
  to: number;
  /** Width of each bucket; a bucket with no report is absent, one whose reports had no figure is null. */
  stepMs: number;
  source: SeriesSource;
  points: Point[];
}

export interface ApplicationSeriesQuery {
  application: string;
  metric: ApplicationMetric;
  instance?: string;
  from: number;
  to: number;
  points: number;
  /** The clock and raw retention deciding raw reports or rollups (tests). */
  now?: number;
  rawRetentionMs?: number;
}

/**
 * One metric of one application over [from, to), bucketed in SQL into at most `points` buckets.
 * Ranges within raw retention at sub-minute buckets read the raw reports; others read minute
 * rollups on a whole-minute grid (planSeries, as for samples), with the minutes not rolled up yet
 * read from raw reports in the same query, so the live edge is never missing.
 */
export async function queryApplicationSeries(db: Db, query: ApplicationSeriesQuery): Promise<ApplicationSeries> {
  const retentionMs = query.rawRetentionMs ?? config().reportRetentionHours * 3600_000;
  const plan = planSeries(query.from, query.to, query.points, (query.now ?? Date.now()) - retentionMs);
  const { from, to, stepMs } = plan;
  const instance = query.instance === undefined ? Prisma.empty : Prisma.sql`AND instance = ${query.instance}`;
  const start = new Date(from);
  const end = new Date(to);
  const rows =
    plan.source === 'raw'
      ? Prisma.sql`SELECT at, instance, p50_ms, p95_ms, p99_ms, queries, errors, refusals, total, pool_max, waiting
          FROM pool_reports WHERE application = ${query.application} ${instance} AND at >= ${start} AND at < ${end}`
      : Prisma.sql`SELECT bucket AS at, instance, p50_ms, p95_ms, p99_ms, queries, errors, refusals, total, pool_max, waiting
          FROM pool_report_rollups
          WHERE application = ${query.application} ${instance} AND bucket >= ${start} AND bucket < least(${end}::timestamptz, ${ROLLED_UNTIL_SQL})
          UNION ALL
          SELECT at, instance, p50_ms, p95_ms, p99_ms, queries, errors, refusals, total, pool_max, waiting
          FROM pool_reports
          WHERE application = ${query.application} ${instance} AND at >= greatest(${start}::timestamptz, ${ROLLED_UNTIL_SQL}) AND at < ${end}`;
  // Only constant SQL from lib/applications/metrics.ts reaches the query, picked by a validated name.
  const result = await db.$queryRaw<{ bucket: number; value: number | null }[]>`
    WITH reports AS (${rows}),
    partials AS (
      SELECT (${from}::bigint + floor((extract(epoch FROM at) * 1000 - ${from}::bigint) / ${stepMs}::bigint)::bigint * ${stepMs}::bigint)::float8 AS bucket,
             instance, ${Prisma.raw(INSTANCE_PARTIAL_SQL)}
      FROM reports GROUP BY 1, 2
    )
    SELECT bucket, (${Prisma.raw(ACROSS_INSTANCES[query.metric])})::float8 AS value FROM partials GROUP BY 1 ORDER BY 1`;
  return {
    application: query.application,
    ...(query.instance === undefined ? {} : { instance: query.instance }),
    metric: query.metric,
    from,
    to,
    stepMs,
    source: plan.source,
    points: result.map((row) => [Number(row.bucket), row.value === null ? null : Math.round(row.value * 1000) / 1000]),
  };
}

/** 404 unless the application has sent a report that is still kept (raw or rolled up). */
export async function assertApplicationKnown(db: Db, application: string): Promise<void> {
  const [row] = await db.$queryRaw<{ known: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM pool_reports WHERE application = ${application})
        OR EXISTS (SELECT 1 FROM pool_report_rollups WHERE application = ${application}) AS known`;
  if (!row?.known) throw notFound(`no application named ${application} has reported its pool`);
}
