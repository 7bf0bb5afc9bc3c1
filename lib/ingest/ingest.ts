import 'server-only';
import type { Db } from '@/lib/store/db';
import type { IngestResult } from 'pg-lifeguard';
import type { IngestInput } from './schema';

/**
 * Stores a validated batch in one transaction, so it lands whole or not at all (Prisma may split
 * a large createMany into several statements; the transaction keeps them one). A report already
 * stored (same application, instance and time: a client resending after a lost answer) is
 * skipped and counted as a duplicate rather than refused, which makes resending safe.
 */
export async function ingestReports(db: Db, input: IngestInput): Promise<IngestResult> {
  const [{ count }] = await db.$transaction([
    db.poolReport.createMany({
      data: input.reports.map((report) => ({
        application: report.application,
        instance: report.instance,
        target: report.target ?? null,
        at: new Date(report.at),
        poolMax: report.poolMax,
        total: report.total,
        idle: report.idle,
        waiting: report.waiting,
        queries: report.queries,
        errors: report.errors,
        p50Ms: report.p50Ms,
        p95Ms: report.p95Ms,
        p99Ms: report.p99Ms,
        guarded: report.guarded ?? false,
        allowance: report.allowance ?? null,
      })),
      skipDuplicates: true,
    }),
  ]);
  return { accepted: count, duplicates: input.reports.length - count };
}
