import 'server-only';
import type { Db } from '../store/db';
import { withMaintenanceLock } from '../samples/maintenance-lock';
import { rollupSpansSql, type RollupOptions } from '../samples/rollup-spans';

/**
 * Rolls PgBouncer pool samples into one row per target, pool and minute: the peak of each count
 * and of the oldest wait (the pool series shows peaks, lib/pooler/series.ts), the mean of the
 * SHOW STATS rates. Pooler samples are written by the collector in time order, like samples, so
 * the watermark is each target's latest rolled-up minute, rolled again in case a sample of it
 * arrived late (lib/samples/rollup-spans.ts: the same rule). Returns the minute rows written,
 * or null when another replica holds the maintenance lock.
 */
export async function rollupPoolerOnce(db: Db, options: RollupOptions = {}): Promise<number | null> {
  const spans = rollupSpansSql({ raw: 'pooler_samples', rollups: 'pooler_sample_rollups', kind: 'pgbouncer' }, options);
  const result = await withMaintenanceLock(db, (tx) => tx.$executeRaw`
    WITH ${spans}
    INSERT INTO pooler_sample_rollups (target_id, bucket, database, "user", samples, cl_active, cl_waiting, sv_active, sv_idle, sv_used,
                                       max_wait_seconds, avg_query_ms, avg_wait_ms, queries_per_sec)
    SELECT p.target_id, date_trunc('minute', p.at), p.database, p."user", count(*)::int,
           max(p.cl_active), max(p.cl_waiting), max(p.sv_active), max(p.sv_idle), max(p.sv_used), max(p.max_wait_seconds),
           avg(p.avg_query_ms), avg(p.avg_wait_ms), avg(p.queries_per_sec)
    FROM spans s
    JOIN pooler_samples p ON p.target_id = s.target_id AND p.at >= s.since AND p.at < s.upto
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (target_id, bucket, database, "user") DO UPDATE SET
      samples = EXCLUDED.samples, cl_active = EXCLUDED.cl_active, cl_waiting = EXCLUDED.cl_waiting, sv_active = EXCLUDED.sv_active,
      sv_idle = EXCLUDED.sv_idle, sv_used = EXCLUDED.sv_used, max_wait_seconds = EXCLUDED.max_wait_seconds,
      avg_query_ms = EXCLUDED.avg_query_ms, avg_wait_ms = EXCLUDED.avg_wait_ms, queries_per_sec = EXCLUDED.queries_per_sec`);
  return result.skipped ? null : result.value;
}
