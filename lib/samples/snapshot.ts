import 'server-only';
import type { Db } from '../store/db';
import type { ApplicationHolders, LockedSession, Snapshot, SlowQuery } from './types';

/** The figure columns of a samples row, as raw queries read them (snake_case, as stored). */
export interface SampleFigureColumns {
  max_connections: number | null;
  reserved_connections: number | null;
  total: number | null;
  active: number | null;
  idle: number | null;
  idle_in_transaction: number | null;
  idle_in_transaction_aborted: number | null;
  waiting: number | null;
  oldest_xact_seconds: number | null;
  probe_latency_ms: number | null;
  connect_latency_ms: number | null;
  commits_per_sec: number | null;
  rollbacks_per_sec: number | null;
  deadlocks_per_sec: number | null;
  applications: ApplicationHolders[] | null;
  new_backends: number | null;
  slow_queries: SlowQuery[] | null;
  lock_tree: LockedSession[] | null;
}

interface SampleRow extends SampleFigureColumns {
  target_id: string;
  at: Date;
  error: string | null;
  error_code: string | null;
}

export function toSnapshot(row: SampleRow): Snapshot {
  const usable = row.max_connections === null ? null : row.max_connections - (row.reserved_connections ?? 0);
  const hasStates = row.active !== null;
  return {
    targetId: row.target_id,
    at: row.at.toISOString(),
    maxConnections: row.max_connections,
    reservedConnections: row.reserved_connections,
    usableConnections: usable,
    total: row.total,
    states: hasStates
      ? {
          active: row.active ?? 0,
          idle: row.idle ?? 0,
          idleInTransaction: row.idle_in_transaction ?? 0,
          idleInTransactionAborted: row.idle_in_transaction_aborted ?? 0,
        }
      : null,
    waiting: row.waiting,
    oldestXactSeconds: row.oldest_xact_seconds,
    applications: [...(row.applications ?? [])].sort((a, b) => b.total - a.total),
    probeLatencyMs: row.probe_latency_ms,
    connectLatencyMs: row.connect_latency_ms,
    commitsPerSec: row.commits_per_sec,
    rollbacksPerSec: row.rollbacks_per_sec,
    deadlocksPerSec: row.deadlocks_per_sec,
    newBackends: row.new_backends,
    slowQueries: row.slow_queries,
    lockTree: row.lock_tree,
    error: row.error,
    errorCode: row.error_code,
  };
}

/** The latest sample of one target, or null before the first one is recorded. */
export async function latestSnapshot(db: Db, targetId: string): Promise<Snapshot | null> {
  const rows = await db.$queryRaw<SampleRow[]>`
    SELECT * FROM samples WHERE target_id = ${targetId}::uuid ORDER BY at DESC LIMIT 1`;
  return rows[0] ? toSnapshot(rows[0]) : null;
}

/** The sample of one target at or before `at` (the moment a chart was clicked), or null when none is kept. */
export async function snapshotAt(db: Db, targetId: string, at: Date): Promise<Snapshot | null> {
  const rows = await db.$queryRaw<SampleRow[]>`
    SELECT * FROM samples WHERE target_id = ${targetId}::uuid AND at <= ${at}::timestamptz ORDER BY at DESC LIMIT 1`;
  return rows[0] ? toSnapshot(rows[0]) : null;
}

/** The latest sample of every target in one query, for the overview. */
export async function latestSnapshots(db: Db): Promise<Snapshot[]> {
  const rows = await db.$queryRaw<SampleRow[]>`
    SELECT s.* FROM targets t
    CROSS JOIN LATERAL (SELECT * FROM samples WHERE target_id = t.id ORDER BY at DESC LIMIT 1) s`;
  return rows.map(toSnapshot);
}
