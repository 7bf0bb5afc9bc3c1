import 'server-only';
import type { Db } from '../store/db';
import { BUDGET_WINDOW_MS } from '../budget/query';
import { reportsForTarget } from '../budget/budget';
import type { ApplicationHolders } from '../samples/types';
import { getTarget } from '../targets/targets';
import { combineFigures, errorRate, naturalCompare } from './figures';
import { ROLLED_UNTIL_SQL } from './rollup';
import type { ApplicationInstance, ApplicationSummary } from './types';

interface InstanceRow {
  application: string;
  instance: string;
  seen: Date;
  seen_target: string | null;
  at: Date | null;
  target: string | null;
  pool_max: number | null;
  total: number | null;
  idle: number | null;
  waiting: number | null;
  queries: number | null;
  errors: number | null;
  refusals: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
}

/**
 * Every application with an instance that reported in [from, to), each instance with its latest
 * report there, and the application's current figures (its instances that reported in the last
 * 2 minutes of the range, as the budget counts them). With a target, only the instances that
 * count against it: those naming it, and those naming none whose application holds connections
 * on it (lib/budget/budget.ts reportsForTarget).
 *
 * Which instances reported is read from the minute rollups (a few rows per instance and hour,
 * through their bucket index) and from the raw reports not rolled up yet; each instance's latest
 * report is then one backward step of the (application, instance, at) index. So the answer costs
 * the same for an hour of 200 instances as for a minute of one.
 */
export async function listApplications(db: Db, query: { from: number; to: number; targetId?: string }): Promise<ApplicationSummary[]> {
  const from = new Date(query.from);
  const to = new Date(query.to);
  const target = query.targetId === undefined ? null : await getTarget(db, query.targetId);
  const rows = await db.$queryRaw<InstanceRow[]>`
    WITH seen AS (
      SELECT application, instance, bucket AS at, target FROM pool_report_rollups
      WHERE bucket >= ${from} AND bucket < least(${to}::timestamptz, ${ROLLED_UNTIL_SQL})
      UNION ALL
      SELECT application, instance, at, target FROM pool_reports
      WHERE at >= greatest(${from}::timestamptz, ${ROLLED_UNTIL_SQL}) AND at < ${to}
    ), instances AS (
      SELECT DISTINCT ON (application, instance) application, instance, at AS seen, target AS seen_target
      FROM seen ORDER BY application, instance, at DESC
    )
    SELECT i.application, i.instance, i.seen, i.seen_target, r.*
    FROM instances i
    LEFT JOIN LATERAL (
      SELECT at, target, pool_max, total, idle, waiting, queries, errors, refusals, p50_ms, p95_ms, p99_ms FROM pool_reports p
      WHERE p.application = i.application AND p.instance = i.instance AND p.at >= ${from} AND p.at < ${to}
      ORDER BY p.at DESC LIMIT 1
    ) r ON true`;
  const holders = target ? await holdersAt(db, target.id, to) : [];
  const kept = target
    ? new Set(
        reportsForTarget({
          targetName: target.name,
          holders,
          reports: rows.map((row) => ({ application: row.application, instance: row.instance, target: targetOf(row), poolMax: 0, total: 0 })),
        }).map((report) => `${report.application}\u0000${report.instance}`),
      )
    : null;
  const currentSince = query.to - BUDGET_WINDOW_MS;
  const byApplication = new Map<string, ApplicationInstance[]>();
  for (const row of rows) {
    if (kept && !kept.has(`${row.application}\u0000${row.instance}`)) continue;
    const list = byApplication.get(row.application) ?? [];
    list.push(toInstance(row, currentSince));
    byApplication.set(row.application, list);
  }
  return [...byApplication.entries()]
    .map(([name, instances]): ApplicationSummary => {
      instances.sort((a, b) => naturalCompare(a.instance, b.instance));
      const current = instances.flatMap((i) => (i.current && i.latest ? [i.latest] : []));
      return {
        name,
        targets: [...new Set(instances.flatMap((i) => (i.target === null ? [] : [i.target])))].sort(),
        instances,
        latest: combineFigures(current),
      };
    })
    .sort((a, b) => naturalCompare(a.name, b.name));
}

function targetOf(row: InstanceRow): string | null {
  return row.at === null ? row.seen_target : row.target;
}

function toInstance(row: InstanceRow, currentSince: number): ApplicationInstance {
  const lastReportAt = row.at ?? row.seen;
  return {
    instance: row.instance,
    target: targetOf(row),
    lastReportAt: lastReportAt.toISOString(),
    current: lastReportAt.getTime() >= currentSince,
    latest:
      row.at === null
        ? null
        : {
            at: row.at.toISOString(),
            poolMax: row.pool_max ?? 0,
            total: row.total ?? 0,
            idle: row.idle ?? 0,
            waiting: row.waiting ?? 0,
            queries: row.queries ?? 0,
            errors: row.errors ?? 0,
            refusals: row.refusals,
            errorRate: errorRate(row.errors ?? 0, row.queries ?? 0),
            p50Ms: row.p50_ms,
            p95Ms: row.p95_ms,
            p99Ms: row.p99_ms,
          },
  };
}

/** Who held connections on the target at its latest sample before `to` (empty when none is kept). */
async function holdersAt(db: Db, targetId: string, to: Date): Promise<ApplicationHolders[]> {
  const [row] = await db.$queryRaw<{ applications: ApplicationHolders[] | null }[]>`
    SELECT applications FROM samples WHERE target_id = ${targetId}::uuid AND at < ${to} AND applications IS NOT NULL
    ORDER BY at DESC LIMIT 1`;
  return row?.applications ?? [];
}
