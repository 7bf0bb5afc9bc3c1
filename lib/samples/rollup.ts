import 'server-only';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import { withMaintenanceLock } from './maintenance-lock';
import { rollupFiguresSql } from './series-sql';

/**
 * Rolls raw samples into one SampleRollup row per target and minute. `figures` holds, per metric,
 * {min, max, avg, n} of its per-sample value (n: samples that had a figure, the weight that keeps
 * a mean of minutes equal to the mean of the samples), and {count} for count metrics (errors).
 */

export interface RollupOptions {
  /** Only minutes that ended by `now` are rolled up. */
  now?: Date;
  /**
   * At most this much history per target per run, so catching up after a long pause (or on the
   * first run over 48 h of samples) is spread over several short runs instead of one huge one.
   */
  maxSpanMs?: number;
}

const DEFAULT_MAX_SPAN_MS = 6 * 3600_000;

/** The jsonb built for one minute, from the series metrics' definitions. */
const FIGURES = Prisma.raw(rollupFiguresSql());

/**
 * One INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE over every target. The watermark is each
 * target's latest rolled-up minute: the run starts one minute before it, so a sample that arrived
 * late (a slow store write) for one of the last two minutes is counted when they are rolled again.
 * A gap in the samples is skipped (the span starts at the first sample past the watermark), so a
 * target that stopped for longer than maxSpanMs does not stall. Returns the minute rows written,
 * or null when another replica holds the maintenance lock.
 */
export async function rollupOnce(db: Db, options: RollupOptions = {}): Promise<number | null> {
  const now = options.now ?? new Date();
  const maxSpanMs = options.maxSpanMs ?? DEFAULT_MAX_SPAN_MS;
  const result = await withMaintenanceLock(db, (tx) => tx.$executeRaw`
    WITH marks AS (
      SELECT t.id AS target_id,
             coalesce((SELECT max(r.bucket) FROM sample_rollups r WHERE r.target_id = t.id) - interval '1 minute', '-infinity'::timestamptz) AS mark
      FROM targets t
    ), spans AS (
      SELECT m.target_id, f.since,
             least(date_trunc('minute', ${now}::timestamptz), f.since + ${maxSpanMs}::float8 * interval '1 millisecond') AS upto
      FROM marks m
      CROSS JOIN LATERAL (
        SELECT date_trunc('minute', min(s.at)) AS since FROM samples s WHERE s.target_id = m.target_id AND s.at >= m.mark
      ) f
      WHERE f.since IS NOT NULL
    )
    INSERT INTO sample_rollups (target_id, bucket, samples, figures)
    SELECT s.target_id, date_trunc('minute', s.at), count(*)::int, ${FIGURES}
    FROM spans p
    JOIN samples s ON s.target_id = p.target_id AND s.at >= p.since AND s.at < p.upto
    GROUP BY 1, 2
    ON CONFLICT (target_id, bucket) DO UPDATE SET samples = EXCLUDED.samples, figures = EXCLUDED.figures`);
  return result.skipped ? null : result.value;
}
