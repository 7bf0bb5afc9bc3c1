import type { IncidentSeverity, IncidentStatus } from '../schema';

/**
 * When an open incident is owed a status update, decided without the store. The clock starts at
 * the latest status update (or the declaration, before the first one); every `minutes[severity]`
 * without one is an overdue period. Each period gets one reminder: `remindedFor` remembers the due
 * time of the last one sent, so evaluator rounds in between, and replicas, send nothing more; a
 * Lifeguard that was down for several periods sends one for the latest, not a burst. Pure: the
 * incident page shows "overdue" from the same rule.
 */

/** Minutes between status updates expected per severity; 0: no reminders for that severity. */
export type ReminderMinutes = Record<IncidentSeverity, number>;

export const DEFAULT_REMINDER_MINUTES: ReminderMinutes = { SEV1: 15, SEV2: 30, SEV3: 60, SEV4: 0 };

export interface ReminderClock {
  status: IncidentStatus;
  severity: IncidentSeverity;
  /** The latest status update, or the declaration. */
  lastUpdateAt: Date;
}

/** When the next status update is due, or null when none is expected (resolved, or no reminders for this severity). */
export function statusUpdateDueAt(clock: ReminderClock, minutes: ReminderMinutes): Date | null {
  const period = periodMs(clock, minutes);
  return period === null ? null : new Date(clock.lastUpdateAt.getTime() + period);
}

/**
 * The overdue period a reminder is due for now (its due time, to store as `remindedFor`), or
 * null when none is: not overdue, or this period was already reminded of.
 */
export function reminderDueFor(clock: ReminderClock & { remindedFor: Date | null }, minutes: ReminderMinutes, now: Date): Date | null {
  const period = periodMs(clock, minutes);
  if (period === null) return null;
  const since = now.getTime() - clock.lastUpdateAt.getTime();
  if (since < period) return null;
  const dueFor = clock.lastUpdateAt.getTime() + Math.floor(since / period) * period;
  if (clock.remindedFor && clock.remindedFor.getTime() >= dueFor) return null;
  return new Date(dueFor);
}

function periodMs(clock: ReminderClock, minutes: ReminderMinutes): number | null {
  const every = minutes[clock.severity];
  if (clock.status === 'resolved' || !(every > 0)) return null;
  return every * 60_000;
}

/**
 * LIFEGUARD_STATUS_UPDATE_MINUTES: `SEV1=15,SEV2=30` pairs; severities left out keep their
 * default, 0 turns a severity's reminders off, fractions are allowed (a test's few seconds).
 */
export function parseReminderMinutes(spec: string): ReminderMinutes {
  const minutes = { ...DEFAULT_REMINDER_MINUTES };
  for (const pair of spec.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const [severity, value] = pair.split('=').map((part) => part.trim());
    if (!severity || !(severity in minutes)) throw new Error(`"${pair}": the severity must be one of ${Object.keys(minutes).join(', ')}`);
    const number = Number(value);
    if (value === undefined || value === '' || !Number.isFinite(number) || number < 0 || number > 10_080) throw new Error(`"${pair}": minutes must be a number from 0 (off) to 10080 (a week)`);
    minutes[severity as IncidentSeverity] = number;
  }
  return minutes;
}
