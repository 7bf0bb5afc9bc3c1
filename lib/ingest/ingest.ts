import 'server-only';
import type { Db } from '@/lib/store/db';
import { CHANNELS, reportsPayload } from '@/lib/events/channels';
import type { IngestResult } from 'pg-lifeguard';
import type { IngestInput } from './schema';

/**
 * Stores a validated batch in one transaction, so it lands whole or not at all (Prisma may split
 * a large createMany into several statements; the transaction keeps them one). A report already
 * stored (same application, instance and time: a client resending after a lost answer) is
 * skipped and counted as a duplicate rather than refused, which makes resending safe. The same
 * transaction announces the applications on CHANNELS.reports, so live charts refetch once the
 * reports are there.
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
        refusals: report.refusals ?? null,
        p50Ms: report.p50Ms,
        p95Ms: report.p95Ms,
        p99Ms: report.p99Ms,
        guarded: report.guarded ?? false,
        allowance: report.allowance ?? null,
      })),
      skipDuplicates: true,
    }),
    db.$executeRaw`SELECT pg_notify(${CHANNELS.reports}, ${reportsPayload(input.reports.map((report) => report.application))})`,
  ]);
  return { accepted: count, duplicates: input.reports.length - count };
}
