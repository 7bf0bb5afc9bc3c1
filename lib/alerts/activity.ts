import 'server-only';
import type { Db } from '../store/db';

/**
 * How noisy each alert has been lately, so a rule that pages too often can be seen and tuned:
 * its episodes (firing → resolved) and the notifications that listed it, over the last 24 h.
 * An alert row is reused by every episode of its series; the episodes themselves are in its
 * events, and are listed here so the history stays visible after the row moved on.
 */
export const ACTIVITY_WINDOW_MS = 24 * 3_600_000;
/** Enough to see a pattern; the count says how many there were in all. */
const HISTORY_LIMIT = 20;

export interface AlertEpisode {
  firedAt: string;
  /** null while it is still firing. */
  resolvedAt: string | null;
}

export interface AlertActivity {
  /** Episodes that fired in the last 24 h. */
  episodes: number;
  /** Messages (to every receiver) that listed the alert, firing or resolved, in the last 24 h. */
  notifications: number;
  /** Those episodes, newest first (at most 20). */
  history: AlertEpisode[];
}

export const NO_ACTIVITY: AlertActivity = { episodes: 0, notifications: 0, history: [] };

/** Two queries whatever the number of alerts. */
export async function alertActivity(db: Db, alertIds: readonly string[], now: Date): Promise<Map<string, AlertActivity>> {
  const activity = new Map<string, AlertActivity>();
  if (alertIds.length === 0) return activity;
  const ids = [...alertIds];
  const since = new Date(now.getTime() - ACTIVITY_WINDOW_MS);
  const [events, notified] = await Promise.all([
    db.alertEvent.findMany({
      where: { alertId: { in: ids }, at: { gte: since }, to: { in: ['firing', 'resolved'] } },
      orderBy: [{ alertId: 'asc' }, { at: 'asc' }],
      select: { alertId: true, at: true, to: true },
    }),
    db.$queryRaw<{ alert_id: string; notifications: number }[]>`
      SELECT listed.alert_id::text AS alert_id, count(*)::int AS notifications
      FROM deliveries d CROSS JOIN LATERAL unnest(d.alert_ids) AS listed(alert_id)
      WHERE d.created_at >= ${since}::timestamptz AND d.alert_ids && ${ids}::uuid[] AND listed.alert_id = ANY(${ids}::uuid[])
      GROUP BY listed.alert_id`,
  ]);
  const of = (id: string) => {
    const found = activity.get(id) ?? { episodes: 0, notifications: 0, history: [] };
    activity.set(id, found);
    return found;
  };
  for (const event of events) {
    const item = of(event.alertId);
    if (event.to === 'firing') {
      item.episodes += 1;
      item.history.push({ firedAt: event.at.toISOString(), resolvedAt: null });
    } else {
      // A resolution whose firing was before the window still closes an episode, just not one counted here.
      const open = item.history.at(-1);
      if (open && open.resolvedAt === null) open.resolvedAt = event.at.toISOString();
    }
  }
  for (const row of notified) of(row.alert_id).notifications = row.notifications;
  for (const item of activity.values()) item.history = item.history.reverse().slice(0, HISTORY_LIMIT);
  return activity;
}
