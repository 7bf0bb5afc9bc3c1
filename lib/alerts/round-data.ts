import 'server-only';
import type { PoolReportColumns } from '../applications/report-columns';
import { reportsForTarget } from '../budget/budget';
import { BUDGET_WINDOW_MS } from '../budget/query';
import type { Alert, AlertRule, Receiver, Silence } from '../generated/prisma/client';
import type { Tx } from '../store/transaction';
import type { ApplicationHolders } from '../samples/types';
import type { InstanceReportRow, LatestSample, PoolerLatest, TargetData, TotalPoint } from './types';

/** Everything one evaluation round needs, read in one go (a fixed number of queries, whatever the rules). */
export interface RoundData {
  now: Date;
  rules: AlertRule[];
  targets: TargetData[];
  /** Alerts that are not inactive: the evaluator's memory between rounds. */
  stored: Alert[];
  silences: Silence[];
  receivers: Receiver[];
}

const SERIES_WINDOW_MS = 60_000;

interface LatestRow {
  target_id: string;
  at: Date;
  total: number | null;
  max_connections: number | null;
  reserved_connections: number | null;
  waiting: number | null;
  oldest_xact_seconds: number | null;
  applications: ApplicationHolders[] | null;
  error: string | null;
  error_code: string | null;
}

type ReportRow = Pick<PoolReportColumns, 'application' | 'instance' | 'target' | 'at' | 'pool_max' | 'total' | 'idle' | 'waiting' | 'queries' | 'errors' | 'p95_ms'>;

export async function loadRound(tx: Tx, now: Date): Promise<RoundData> {
  const seriesSince = new Date(now.getTime() - SERIES_WINDOW_MS);
  const reportsSince = new Date(now.getTime() - BUDGET_WINDOW_MS);
  // Sequential on the transaction's one connection; each query covers every target at once.
  const rules = await tx.alertRule.findMany({ where: { enabled: true } });
  const targets = await tx.target.findMany({ select: { id: true, name: true, intervalMs: true, createdAt: true, kind: true } });
  const latest = await tx.$queryRaw<LatestRow[]>`
    SELECT t.id AS target_id, s.at, s.total, s.max_connections, s.reserved_connections, s.waiting,
           s.oldest_xact_seconds, s.applications, s.error, s.error_code
    FROM targets t CROSS JOIN LATERAL (SELECT * FROM samples WHERE target_id = t.id ORDER BY at DESC LIMIT 1) s`;
  const totals = await tx.$queryRaw<{ target_id: string; at: Date; total: number; usable: number | null }[]>`
    SELECT s.target_id, s.at, s.total, s.max_connections - coalesce(s.reserved_connections, 0) AS usable
    FROM targets t JOIN samples s ON s.target_id = t.id AND s.at >= ${seriesSince}::timestamptz AND s.total IS NOT NULL
    ORDER BY s.target_id, s.at`;
  // Latest report per instance: DISTINCT ON walks the (application, instance, at) unique index.
  const reports = await tx.$queryRaw<ReportRow[]>`
    SELECT DISTINCT ON (application, instance) application, instance, target, at, pool_max, total, idle, waiting, queries, errors, p95_ms
    FROM pool_reports WHERE at >= ${reportsSince}::timestamptz
    ORDER BY application, instance, at DESC`;
  // PgBouncer targets: their pools at the latest pooler sample, summed (one query for all of them).
  const poolers = await tx.$queryRaw<{ target_id: string; at: Date; cl_waiting: number; max_wait_seconds: number }[]>`
    SELECT t.id AS target_id, p.at, sum(p.cl_waiting)::int AS cl_waiting, max(p.max_wait_seconds)::float8 AS max_wait_seconds
    FROM targets t
    CROSS JOIN LATERAL (SELECT at FROM pooler_samples WHERE target_id = t.id ORDER BY at DESC LIMIT 1) newest
    JOIN pooler_samples p ON p.target_id = t.id AND p.at = newest.at
    WHERE t.kind = 'pgbouncer'
    GROUP BY t.id, p.at`;
  const stored = await tx.alert.findMany({ where: { state: { in: ['pending', 'firing', 'resolved'] } } });
  const silences = await tx.silence.findMany({ where: { startsAt: { lte: now }, endsAt: { gt: now } } });
  const receivers = await tx.receiver.findMany({ where: { enabled: true } });

  const latestByTarget = new Map(latest.map((row) => [row.target_id, toLatest(row)]));
  const totalsByTarget = new Map<string, TotalPoint[]>();
  for (const row of totals) {
    const list = totalsByTarget.get(row.target_id) ?? [];
    list.push({ at: row.at.getTime(), total: row.total, usable: row.usable });
    totalsByTarget.set(row.target_id, list);
  }
  const instanceRows = reports.map(toInstance);
  const poolerByTarget = new Map(
    poolers.map((row): [string, PoolerLatest] => [row.target_id, { at: row.at.getTime(), clWaiting: row.cl_waiting, maxWaitSeconds: row.max_wait_seconds }]),
  );

  return {
    now,
    rules,
    stored,
    silences,
    receivers,
    targets: targets.map((target): TargetData => {
      const sample = latestByTarget.get(target.id) ?? null;
      const holders = (sample?.applications ?? []).map((holder) => ({ name: holder.name, total: holder.total }));
      const mine = new Set(reportsForTarget({ targetName: target.name, holders, reports: instanceRows }));
      return {
        target: { id: target.id, name: target.name, intervalMs: target.intervalMs, createdAt: target.createdAt.getTime(), kind: target.kind },
        latest: sample,
        totals: totalsByTarget.get(target.id) ?? [],
        reports: instanceRows.filter((row) => mine.has(row)),
        pooler: poolerByTarget.get(target.id) ?? null,
      };
    }),
  };
}

function toLatest(row: LatestRow): LatestSample {
  return {
    at: row.at.getTime(),
    total: row.total,
    maxConnections: row.max_connections,
    reservedConnections: row.reserved_connections,
    waiting: row.waiting,
    oldestXactSeconds: row.oldest_xact_seconds,
    applications: row.applications ?? [],
    error: row.error,
    errorCode: row.error_code,
  };
}

function toInstance(row: ReportRow): InstanceReportRow {
  return {
    application: row.application,
    instance: row.instance,
    target: row.target,
    at: row.at.getTime(),
    poolMax: row.pool_max,
    total: row.total,
    idle: row.idle,
    waiting: row.waiting,
    queries: row.queries,
    errors: row.errors,
    p95Ms: row.p95_ms,
  };
}
