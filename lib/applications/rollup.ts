import 'server-only';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import { withMaintenanceLock } from '../samples/maintenance-lock';

/**
 * Rolls pool reports into one PoolReportRollup row per application instance and minute.
 *
 * Reports are not written in time order the way samples are: a reporter queues them while
 * Lifeguard is unreachable and sends them together later (packages/pg-lifeguard/src/sender.ts), so a
 * watermark on the reports' own `at` would skip them. The watermark is on `received_at` instead
 * (kept in maintenance_marks): each run finds the (application, instance, minute) groups that
 * received a report since the last run — one minute of overlap, for ingest transactions that
 * committed after a run began — and rolls those groups again, whole, from the raw reports.
 */

export const REPORT_ROLLUP_JOB = 'pool_report_rollups';
/** A report committed up to this long after its received_at (a slow ingest transaction) is still rolled. */
const OVERLAP_MS = 60_000;
const DEFAULT_MAX_SPAN_MS = 2 * 3600_000;

/**
 * Before this minute every report that arrived in time is in the rollups, so a series reads
 * rollups before it and raw reports from it on: the minute before the watermark's minute, which
 * leaves reports arriving (or with a client clock behind) up to a minute or more late counted.
 * -infinity before the first rollup run: everything is read from raw reports.
 */
export const ROLLED_UNTIL_SQL = Prisma.sql`
  coalesce((SELECT date_trunc('minute', mark) - interval '1 minute' FROM maintenance_marks WHERE job = ${REPORT_ROLLUP_JOB}), '-infinity'::timestamptz)`;

export interface ReportRollupOptions {
  /** Reports older than this (their raw rows may be pruned already) are not rolled again. */
  rawRetentionMs: number;
  now?: Date;
  /** At most this much received time per run, so the first run over days of reports is spread over several. */
  maxSpanMs?: number;
}

/** Returns the minute rows written, or null when another replica holds the maintenance lock. */
export async function rollupReportsOnce(db: Db, options: ReportRollupOptions): Promise<number | null> {
  const maxSpanMs = options.maxSpanMs ?? DEFAULT_MAX_SPAN_MS;
  const result = await withMaintenanceLock(db, async (tx) => {
    // The store's clock by default: received_at is written by it, not by this process.
    const [row] = await tx.$queryRaw<{ since: Date | null; now: Date }[]>`
      SELECT coalesce((SELECT mark FROM maintenance_marks WHERE job = ${REPORT_ROLLUP_JOB}) - ${OVERLAP_MS}::float8 * interval '1 millisecond',
                      (SELECT min(received_at) FROM pool_reports)) AS since,
             coalesce(${options.now ?? null}::timestamptz, now()) AS now`;
    const since = row?.since;
    if (!row || !since) return 0;
    const oldest = new Date(row.now.getTime() - options.rawRetentionMs);
    const upto = new Date(Math.min(row.now.getTime(), since.getTime() + maxSpanMs));
    const written = await tx.$executeRaw`
      WITH touched AS (
        SELECT DISTINCT application, instance, date_trunc('minute', at) AS minute
        FROM pool_reports
        WHERE received_at >= ${since}::timestamptz AND received_at < ${upto}::timestamptz AND at >= ${oldest}::timestamptz
      )
      INSERT INTO pool_report_rollups (application, instance, bucket, target, reports, pool_max, total, idle, waiting, queries, errors, refusals, p50_ms, p95_ms, p99_ms)
      SELECT p.application, p.instance, t.minute, (array_agg(p.target ORDER BY p.at DESC))[1], count(*)::int,
             max(p.pool_max), max(p.total), max(p.idle), max(p.waiting), sum(p.queries)::int, sum(p.errors)::int, sum(p.refusals)::int,
             max(p.p50_ms), max(p.p95_ms), max(p.p99_ms)
      FROM touched t
      JOIN pool_reports p ON p.application = t.application AND p.instance = t.instance AND p.at >= t.minute AND p.at < t.minute + interval '1 minute'
      GROUP BY p.application, p.instance, t.minute
      ON CONFLICT (application, instance, bucket) DO UPDATE SET
        target = EXCLUDED.target, reports = EXCLUDED.reports, pool_max = EXCLUDED.pool_max, total = EXCLUDED.total, idle = EXCLUDED.idle,
        waiting = EXCLUDED.waiting, queries = EXCLUDED.queries, errors = EXCLUDED.errors, refusals = EXCLUDED.refusals,
        p50_ms = EXCLUDED.p50_ms, p95_ms = EXCLUDED.p95_ms, p99_ms = EXCLUDED.p99_ms`;
    await tx.$executeRaw`
      INSERT INTO maintenance_marks (job, mark) VALUES (${REPORT_ROLLUP_JOB}, ${upto}::timestamptz)
      ON CONFLICT (job) DO UPDATE SET mark = greatest(maintenance_marks.mark, EXCLUDED.mark)`;
    return written;
  });
  return result.skipped ? null : result.value;
}
