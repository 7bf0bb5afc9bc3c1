import 'server-only';
import type { Db } from '../store/db';
import { REPORT_ROLLUP_JOB } from '../applications/rollup';
import { drain } from './batches';
import { cutoffBefore, type KeepFloors } from './keep';

/**
 * Pruning of every table that grows with time besides samples (lib/samples/retention.ts): each
 * a loop of short batch deletes found through an index. Raw pool reports and PgBouncer samples
 * go only once rolled up, and series an incident may still show are kept (KeepFloors).
 */

export interface HistoryCutoffs {
  now: Date;
  batch: number;
  floors: KeepFloors;
}

const before = (now: Date, retentionMs: number) => new Date(now.getTime() - retentionMs);

/** Raw reports older than retention whose arrival the rollup job has passed; then minute rollups. */
export async function pruneReports(db: Db, { now, batch, floors }: HistoryCutoffs, retention: { rawMs: number; rollupMs: number }) {
  const raw = cutoffBefore(before(now, retention.rawMs), floors.any);
  const rolled = cutoffBefore(before(now, retention.rollupMs), floors.any);
  // The rollup job re-reads a minute of arrivals before its mark (lib/applications/rollup.ts): only before that is surely rolled.
  const reports = await drain(db, batch, (tx) => tx.$executeRaw`
    DELETE FROM pool_reports WHERE ctid IN (
      SELECT ctid FROM pool_reports
      WHERE at < ${raw}::timestamptz
        AND received_at < (SELECT mark - interval '1 minute' FROM maintenance_marks WHERE job = ${REPORT_ROLLUP_JOB})
      LIMIT ${batch}::int)`);
  const rollups = await drain(db, batch, (tx) => tx.$executeRaw`
    DELETE FROM pool_report_rollups WHERE ctid IN (SELECT ctid FROM pool_report_rollups WHERE bucket < ${rolled}::timestamptz LIMIT ${batch}::int)`);
  return { reports, reportRollups: rollups };
}

/** Per target, like samples: raw pooler samples before both retention and the target's latest rolled-up minute; then rollups. */
export async function prunePooler(db: Db, { now, batch, floors }: HistoryCutoffs, retention: { rawMs: number; rollupMs: number }) {
  const targets = await db.target.findMany({ select: { id: true } });
  let samples = 0;
  let rollups = 0;
  for (const { id } of targets) {
    const floor = floors.byTarget.get(id);
    const raw = cutoffBefore(before(now, retention.rawMs), floor);
    const rolled = cutoffBefore(before(now, retention.rollupMs), floor);
    samples += await drain(db, batch, (tx) => tx.$executeRaw`
      DELETE FROM pooler_samples WHERE ctid IN (
        SELECT ctid FROM pooler_samples
        WHERE target_id = ${id}::uuid
          AND at < least(${raw}::timestamptz, coalesce((SELECT max(bucket) FROM pooler_sample_rollups WHERE target_id = ${id}::uuid), '-infinity'::timestamptz))
        LIMIT ${batch}::int)`);
    rollups += await drain(db, batch, (tx) => tx.$executeRaw`
      DELETE FROM pooler_sample_rollups WHERE ctid IN (
        SELECT ctid FROM pooler_sample_rollups WHERE target_id = ${id}::uuid AND bucket < ${rolled}::timestamptz LIMIT ${batch}::int)`);
  }
  return { poolerSamples: samples, poolerRollups: rollups };
}

/**
 * Alert transitions, and alerts received from Alertmanager or Grafana once resolved (or silent)
 * that long; except those tied to an open incident.
 */
export async function pruneAlertHistory(db: Db, { now, batch, floors }: HistoryCutoffs, retentionMs: number) {
  const cutoff = cutoffBefore(before(now, retentionMs), floors.any);
  const alertEvents = await drain(db, batch, (tx) => tx.$executeRaw`
    DELETE FROM alert_events WHERE ctid IN (
      SELECT e.ctid FROM alert_events e
      JOIN alerts a ON a.id = e.alert_id
      LEFT JOIN incidents i ON i.id = a.incident_id
      WHERE e.at < ${cutoff}::timestamptz AND (i.id IS NULL OR i.resolved_at IS NOT NULL)
      LIMIT ${batch}::int)`);
  const externalAlerts = await drain(db, batch, (tx) => tx.$executeRaw`
    DELETE FROM external_alerts WHERE ctid IN (
      SELECT x.ctid FROM external_alerts x
      LEFT JOIN incidents i ON i.id = x.incident_id
      WHERE coalesce(x.resolved_at, x.received_at) < ${cutoff}::timestamptz AND (i.id IS NULL OR i.resolved_at IS NOT NULL)
      LIMIT ${batch}::int)`);
  return { alertEvents, externalAlerts };
}

/** Delivered or failed notifications, receiver by receiver through their (receiver_id, created_at) index; pending ones stay. */
export async function pruneDeliveries(db: Db, { now, batch }: HistoryCutoffs, retentionMs: number): Promise<number> {
  const cutoff = before(now, retentionMs);
  const receivers = await db.receiver.findMany({ select: { id: true } });
  let total = 0;
  for (const { id } of receivers) {
    total += await drain(db, batch, (tx) => tx.$executeRaw`
      DELETE FROM deliveries WHERE ctid IN (
        SELECT ctid FROM deliveries
        WHERE receiver_id = ${id}::uuid AND created_at < ${cutoff}::timestamptz AND status IN ('delivered', 'failed')
        LIMIT ${batch}::int)`);
  }
  return total;
}

/** Finished drill reports, target by target through their (target_id, started_at) index; a running drill stays. */
export async function pruneDrills(db: Db, { now, batch }: HistoryCutoffs, retentionMs: number): Promise<number> {
  const cutoff = before(now, retentionMs);
  const targets = await db.target.findMany({ select: { id: true } });
  let total = 0;
  for (const { id } of targets) {
    total += await drain(db, batch, (tx) => tx.$executeRaw`
      DELETE FROM drill_reports WHERE ctid IN (
        SELECT ctid FROM drill_reports WHERE target_id = ${id}::uuid AND started_at < ${cutoff}::timestamptz AND status <> 'running'
        LIMIT ${batch}::int)`);
  }
  return total;
}

export async function pruneAudit(db: Db, { now, batch }: HistoryCutoffs, retentionMs: number): Promise<number> {
  const cutoff = before(now, retentionMs);
  return drain(db, batch, (tx) => tx.$executeRaw`
    DELETE FROM audit_entries WHERE ctid IN (SELECT ctid FROM audit_entries WHERE at < ${cutoff}::timestamptz LIMIT ${batch}::int)`);
}
