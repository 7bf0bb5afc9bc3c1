import 'server-only';
import type { PoolReportColumns } from '../applications/report-columns';
import { BUDGET_WINDOW_MS } from '../budget/query';
import { REFUSAL_CODES } from '../collector/failure';
import type { Db } from '../store/db';
import type { SampleFigureColumns } from '../samples/snapshot';
import type { ServerStats } from '../samples/types';

/** The latest sample of a target, with the figures /metrics exposes. */
export interface TargetRow extends SampleFigureColumns {
  id: string;
  name: string;
  /** 'postgres' or 'pgbouncer'. */
  kind: string;
  server_stats: ServerStats | null;
  /** False when the latest sample is older than three intervals (the collector is not reporting). */
  fresh: boolean;
  at: Date | null;
  error_code: string | null;
}

export interface AlertRow {
  rule: string;
  severity: string;
  state: string;
  target: string;
  application: string;
}

export type PoolRow = Pick<PoolReportColumns, 'application' | 'instance' | 'pool_max' | 'total' | 'idle' | 'waiting'>;

/** One pool of a PgBouncer target's latest pooler sample. */
export interface PoolerRow {
  target: string;
  database: string;
  user: string;
  cl_active: number;
  cl_waiting: number;
  sv_active: number;
  sv_idle: number;
  sv_used: number;
  max_wait_seconds: number;
}

export interface MetricsData {
  targets: TargetRow[];
  /** Refusal samples per target id since its first sample (see refusalCounts). */
  refusals: Map<string, number>;
  alerts: AlertRow[];
  pools: PoolRow[];
  poolers: PoolerRow[];
}

/** A sample is "fresh" for three intervals, and never less than this. */
const MIN_FRESH_MS = 5_000;
/**
 * Refusals are counted up to this far behind now: the collector writes a sample a little after
 * its `at`, and a row landing behind the counted range would never be counted.
 */
const COUNT_LAG_MS = 5_000;
const REFUSALS = [...REFUSAL_CODES];

/** Everything /metrics shows, in five queries run side by side, whatever the number of targets. */
export async function loadMetricsData(db: Db, now = new Date()): Promise<MetricsData> {
  const poolsSince = new Date(now.getTime() - BUDGET_WINDOW_MS);
  const [targets, refusals, alerts, pools, poolers] = await Promise.all([
    db.$queryRaw<TargetRow[]>`
      SELECT t.id, t.name, t.kind, coalesce(s.at > ${now}::timestamptz - make_interval(secs => greatest(3 * t.interval_ms, ${MIN_FRESH_MS}::int) / 1000.0), false) AS fresh,
             s.at, s.max_connections, s.reserved_connections, s.total, s.active, s.idle, s.idle_in_transaction,
             s.idle_in_transaction_aborted, s.waiting, s.oldest_xact_seconds, s.probe_latency_ms, s.connect_latency_ms,
             s.commits_per_sec, s.rollbacks_per_sec, s.deadlocks_per_sec, s.applications, s.server_stats, s.error_code
      FROM targets t
      LEFT JOIN LATERAL (SELECT * FROM samples WHERE target_id = t.id ORDER BY at DESC LIMIT 1) s ON true
      ORDER BY t.name`,
    refusalCounts(db, now),
    db.$queryRaw<AlertRow[]>`
      SELECT r.name AS rule, r.severity, a.state, t.name AS target, a.application
      FROM alerts a JOIN alert_rules r ON r.id = a.rule_id JOIN targets t ON t.id = a.target_id
      WHERE a.state IN ('pending', 'firing')
      ORDER BY r.name, t.name, a.application`,
    // Latest report per instance: DISTINCT ON walks the (application, instance, at) unique index.
    db.$queryRaw<PoolRow[]>`
      SELECT DISTINCT ON (application, instance) application, instance, pool_max, total, idle, waiting
      FROM pool_reports WHERE at >= ${poolsSince}::timestamptz
      ORDER BY application, instance, at DESC`,
    // The pools of each PgBouncer target's latest pooler sample (the primary key's range scan).
    db.$queryRaw<PoolerRow[]>`
      SELECT t.name AS target, p.database, p."user", p.cl_active, p.cl_waiting, p.sv_active, p.sv_idle, p.sv_used, p.max_wait_seconds
      FROM targets t
      CROSS JOIN LATERAL (SELECT at FROM pooler_samples WHERE target_id = t.id ORDER BY at DESC LIMIT 1) latest
      JOIN pooler_samples p ON p.target_id = t.id AND p.at = latest.at
      WHERE t.kind = 'pgbouncer'
      ORDER BY t.name, p.database, p."user"`,
  ]);
  return { targets, refusals, alerts, pools, poolers };
}

interface RefusalCursor {
  /** Samples before this time are already in `count`. */
  upTo: number;
  count: number;
}

/** Per process, on globalThis: Next evaluates this module twice in a production build. */
const globalForRefusals = globalThis as unknown as { lifeguardRefusalCursors?: Map<string, RefusalCursor> };

/**
 * lifeguard_connection_refusals_total: samples whose probe was refused, per target. Counting the
 * whole history at every scrape would read every retained sample; instead each process keeps a
 * cursor per target and counts only the samples since (an index range scan). A new process
 * counts the history once and arrives at the same total, so the counter stays monotonic across
 * restarts except when old samples have been pruned meanwhile (Prometheus reads a reset).
 */
async function refusalCounts(db: Db, now: Date): Promise<Map<string, number>> {
  const cursors = (globalForRefusals.lifeguardRefusalCursors ??= new Map());
  const upTo = now.getTime() - COUNT_LAG_MS;
  const bases = new Map([...cursors].map(([id, cursor]) => [id, cursor.upTo]));
  const known = JSON.stringify([...bases].map(([id, from]) => ({ id, from_at: new Date(from).toISOString() })));
  const rows = await db.$queryRaw<{ id: string; n: number }[]>`
    SELECT t.id, count(s.at)::int AS n
    FROM targets t
    LEFT JOIN jsonb_to_recordset(${known}::jsonb) AS c(id uuid, from_at timestamptz) ON c.id = t.id
    LEFT JOIN samples s ON s.target_id = t.id AND s.at >= coalesce(c.from_at, '-infinity'::timestamptz)
      AND s.at < ${new Date(upTo)}::timestamptz AND s.error_code = ANY(${REFUSALS}::text[])
    GROUP BY t.id`;
  const counts = new Map<string, number>();
  for (const row of rows) {
    const current = cursors.get(row.id);
    // A concurrent scrape may have moved the cursor meanwhile: a count is added only to the
    // cursor it started from, so no range is ever counted twice.
    const startedFrom = bases.get(row.id);
    const sameBase = current?.upTo === startedFrom;
    const cursor = sameBase && upTo > (current?.upTo ?? -Infinity) ? { upTo, count: (current?.count ?? 0) + row.n } : current;
    if (!cursor) continue;
    cursors.set(row.id, cursor);
    counts.set(row.id, cursor.count);
  }
  // Deleted targets: forget them.
  for (const id of cursors.keys()) if (!rows.some((row) => row.id === id)) cursors.delete(id);
  return counts;
}
