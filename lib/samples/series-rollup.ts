import 'server-only';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import type { MetricName } from './series-metrics';
import { combinedSql, rollupPartialsSql, samplePartialsSql } from './series-sql';

/**
 * Buckets of whole minutes, aggregated from the minute rollups up to the target's watermark (its
 * latest rolled-up minute) and from raw samples after it, in ONE query. Both sources are first
 * brought to the same per-minute partials — a maximum, a sum and a count of figures for means, a
 * count for errors — and then combined per bucket: max of max, sum / count for means (the mean of
 * the samples, not of the minutes), sum of counts. So a chart reads the same whichever source a
 * minute came from, and its live edge (the minutes not rolled up yet) is never missing.
 */
export async function queryRollupBuckets(
  db: Db,
  query: { targetId: string; metrics: readonly MetricName[]; from: number; to: number; stepMs: number },
): Promise<Record<string, number | null>[]> {
  const { targetId, from, to, stepMs } = query;
  const rolled = query.metrics.map(rollupPartialsSql);
  const raw = query.metrics.map(samplePartialsSql);
  const combined = query.metrics.map(combinedSql);
  const start = new Date(from);
  const end = new Date(to);
  return db.$queryRaw<Record<string, number | null>[]>`
    WITH mark AS (
      SELECT coalesce(max(bucket) + interval '1 minute', '-infinity'::timestamptz) AS until
      FROM sample_rollups WHERE target_id = ${targetId}::uuid
    ), minutes AS (
      SELECT r.bucket AS minute, ${Prisma.raw(rolled.join(', '))}
      FROM sample_rollups r, mark
      WHERE r.target_id = ${targetId}::uuid AND r.bucket >= ${start} AND r.bucket < least(${end}::timestamptz, mark.until)
      UNION ALL
      SELECT date_trunc('minute', s.at), ${Prisma.raw(raw.join(', '))}
      FROM samples s, mark
      WHERE s.target_id = ${targetId}::uuid AND s.at >= greatest(${start}::timestamptz, mark.until) AND s.at < ${end}
      GROUP BY 1
    )
    SELECT (${from}::bigint + floor((extract(epoch FROM minute) * 1000 - ${from}::bigint) / ${stepMs}::bigint)::bigint * ${stepMs}::bigint)::float8 AS bucket,
           ${Prisma.raw(combined.join(', '))}
    FROM minutes GROUP BY 1 ORDER BY 1`;
}
