import 'server-only';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import { withMaintenanceLock } from './maintenance-lock';
import { rollupSpansSql, type RollupOptions } from './rollup-spans';
import { rollupFiguresSql } from './series-sql';

/**
 * Rolls raw samples into one SampleRollup row per target and minute. `figures` holds, per metric,
 * {min, max, avg, n} of its per-sample value (n: samples that had a figure, the weight that keeps
 * a mean of minutes equal to the mean of the samples), and {count} for count metrics (errors).
 */

/** The jsonb built for one minute, from the series metrics' definitions. */
const FIGURES = Prisma.raw(rollupFiguresSql());

/**
 * One INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE over every target, over the spans
 * rollupSpansSql picks (a late sample's minute is rolled again; a gap does not stall). Returns the
 * minute rows written, or null when another replica holds the maintenance lock.
 */
export async function rollupOnce(db: Db, options: RollupOptions = {}): Promise<number | null> {
  const spans = rollupSpansSql({ raw: 'samples', rollups: 'sample_rollups' }, options);
  const result = await withMaintenanceLock(db, (tx) => tx.$executeRaw`
    WITH ${spans}
    INSERT INTO sample_rollups (target_id, bucket, samples, figures)
    SELECT s.target_id, date_trunc('minute', s.at), count(*)::int, ${FIGURES}
    FROM spans p
    JOIN samples s ON s.target_id = p.target_id AND s.at >= p.since AND s.at < p.upto
    GROUP BY 1, 2
    ON CONFLICT (target_id, bucket) DO UPDATE SET samples = EXCLUDED.samples, figures = EXCLUDED.figures`);
  return result.skipped ? null : result.value;
}
