import 'server-only';
import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../store/db';
import { transaction, type Tx } from '../../store/transaction';
import { lockIncident } from '../get';
import type { IncidentSeverity, IncidentStatus } from '../schema';
import { channelOf, postedIncident, queueIncidentPost } from './outbox';
import { reminderDueFor, type ReminderClock, type ReminderMinutes } from './reminders';

/**
 * Queues the status-update reminders that are due (lib/incidents/channel/reminders.ts decides),
 * one message to the incident's channel per overdue period. Run by the alert evaluator's loop
 * after each round. Safe with several replicas: each reminder is decided again inside a
 * transaction holding the incident's row lock, and `remindedFor` is written with the queued
 * message, so a second replica (or round) that gets the lock next finds the period reminded.
 * Returns how many were queued.
 */
export async function queueStatusReminders(db: Db, minutes: ReminderMinutes): Promise<number> {
  const open = await db.$queryRaw<ClockRow[]>(Prisma.sql`${CLOCKS} WHERE i.status <> 'resolved'`);
  let queued = 0;
  for (const row of open) {
    if (!reminderDueFor(clockOf(row), minutes, row.now)) continue;
    if (await remindIfDue(db, row.id, minutes)) queued++;
  }
  return queued;
}

interface ClockRow {
  id: string;
  status: IncidentStatus;
  severity: IncidentSeverity;
  last_update_at: Date;
  reminded_for: Date | null;
  now: Date;
}

/** Each incident's reminder clock: its latest status update, or its declaration; and the store's time (one clock for every replica). */
const CLOCKS = Prisma.sql`
  SELECT i.id, i.status::text AS status, i.severity::text AS severity, i.reminded_for, date_trunc('milliseconds', clock_timestamp()) AS now,
         coalesce((SELECT max(t.at) FROM timeline_entries t WHERE t.incident_id = i.id AND t.kind = 'status_update'), i.created_at) AS last_update_at
  FROM incidents i`;

const clockOf = (row: ClockRow): ReminderClock & { remindedFor: Date | null } => ({
  status: row.status,
  severity: row.severity,
  lastUpdateAt: row.last_update_at,
  remindedFor: row.reminded_for,
});

async function remindIfDue(db: Db, id: string, minutes: ReminderMinutes): Promise<boolean> {
  return transaction(db, async (tx) => {
    await lockIncident(tx, id);
    const [row] = await tx.$queryRaw<ClockRow[]>(Prisma.sql`${CLOCKS} WHERE i.id = ${id}::uuid`);
    if (!row) return false;
    const dueFor = reminderDueFor(clockOf(row), minutes, row.now);
    if (!dueFor) return false;
    const incident = await tx.incident.update({ where: { id }, data: { remindedFor: dueFor } });
    await queueReminder(tx, incident, row.last_update_at, minutes[row.severity], row.now);
    return true;
  });
}

async function queueReminder(tx: Tx, incident: Parameters<typeof postedIncident>[0], lastUpdateAt: Date, everyMinutes: number, now: Date): Promise<void> {
  const receiverId = await channelOf(tx, incident);
  if (!receiverId) return;
  await queueIncidentPost(tx, receiverId, {
    event: 'reminder',
    incident: postedIncident(incident),
    author: 'Lifeguard',
    at: now.toISOString(),
    text: 'Status update overdue',
    update: null,
    overdue: { secondsSince: Math.floor((now.getTime() - lastUpdateAt.getTime()) / 1000), everySeconds: Math.round(everyMinutes * 60) },
  });
}
