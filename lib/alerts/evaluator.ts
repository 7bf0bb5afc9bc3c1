import 'server-only';
import type { Db } from '../store/db';
import { failureStreak, startSerialLoop } from '../serial-loop';
import { queueStatusReminders } from '../incidents/channel/remind';
import type { ReminderMinutes } from '../incidents/channel/reminders';
import { linkIncidents } from './auto-incident';
import { flushNotifications } from './notify/flush';
import { persistRound, type Transition } from './persist';
import { planRound } from './plan';
import { loadRound } from './round-data';

export interface EvaluatorOptions {
  db: Db;
  /** Time between the end of one round and the start of the next. Default 1000 ms. */
  periodMs?: number;
  log?: (message: string) => void;
  /**
   * Status-update reminders of open incidents are queued after each round (config:
   * statusUpdateMinutes); none without. They ride this loop because it already ticks in every
   * process that does background work; lib/incidents/channel/remind.ts makes them safe across replicas.
   */
  statusUpdateMinutes?: ReminderMinutes;
  /** Sees each round's transitions (tests). */
  onRound?: (transitions: Transition[]) => void;
}

export interface Evaluator {
  /** Waits for the round in progress, then stops. */
  stop(): Promise<void>;
}

/**
 * Only one replica evaluates at a time: each round runs inside a transaction holding this
 * advisory lock (try-lock: a replica that does not get it simply skips the round), so two
 * processes sharing a store never write the same transition or notification twice.
 */
const EVALUATOR_LOCK = 724_319_001;

/**
 * One evaluation round at `now`: read everything (a fixed number of queries), decide (pure),
 * write the changes and queue the grouped notifications that are due, in the same transaction;
 * then link firing alerts to incidents, which goes through the incidents library and its own
 * transactions. Returns the transitions made.
 */
export async function evaluateOnce(db: Db, now = new Date()): Promise<Transition[]> {
  const result = await db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${EVALUATOR_LOCK}::bigint) AS locked`;
      if (!lock?.locked) return null;
      const data = await loadRound(tx, now);
      const planned = planRound(data, now.getTime());
      const transitions = await persistRound(tx, data, planned);
      await flushNotifications(tx, data);
      return { data, transitions };
    },
    { maxWait: 5_000, timeout: 15_000 },
  );
  if (!result) return [];
  await linkIncidents(db, result.transitions, result.data);
  return result.transitions;
}

/**
 * Runs evaluateOnce every `periodMs` in the server process. Rounds never overlap (the next is
 * scheduled when one ends), and a failed round is logged, never thrown: alerting must outlive a
 * store that blinks.
 */
export function startEvaluator(options: EvaluatorOptions): Evaluator {
  const periodMs = options.periodMs ?? 1_000;
  const log = options.log ?? ((message: string) => console.warn(`[alerts] ${message}`));
  // Logged once per streak, so a store outage does not print a line every second.
  const streak = failureStreak(log, 'evaluation');
  const reminderStreak = failureStreak(log, 'status-update reminders');
  const minutes = options.statusUpdateMinutes;
  return startSerialLoop(async () => {
    try {
      const transitions = await evaluateOnce(options.db);
      streak.succeeded();
      options.onRound?.(transitions);
    } catch (error) {
      streak.failed(error);
    }
    if (!minutes) return;
    // Apart from the round: a reminder that fails must not hold up alerting, nor the reverse.
    try {
      await queueStatusReminders(options.db, minutes);
      reminderStreak.succeeded();
    } catch (error) {
      reminderStreak.failed(error);
    }
  }, periodMs);
}
