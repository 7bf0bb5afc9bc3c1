import type { GroupByLabel } from '../schema';

/**
 * Alertmanager's grouping, decided without the store (lib/alerts/notify/flush.ts applies it).
 * A receiver splits firing alerts into groups by its `groupBy` labels (the target, by default)
 * and tells each group's story in as few messages as it can:
 * - a new group's first message waits `groupWait` for the group's other alerts to join it, so a
 *   flood's warnings and criticals arrive in one message; a critical does not wait (a page is
 *   not held back to look tidy), and neither does a critical joining a group that so far only
 *   warned (an escalation);
 * - after that, changes (alerts that started firing, episodes that ended) go out at most every
 *   `groupInterval`;
 * - a group still firing and unchanged is sent again every `repeatInterval`;
 * - the message after the last episode ended lists what resolved, and ends the group.
 * Each message lists every firing alert of the group and what resolved since the last one
 * (also what fired and resolved in between: a refusal that lasted two minutes is worth hearing
 * of, even after the fact).
 * An episode is one alert from firing to resolved (an alert row fires again as a new episode).
 * Pure: times are epoch ms.
 */

export interface Episode {
  alertId: string;
  /** When this episode fired: with alertId, what tells one episode of an alert from the next. */
  firedAt: number;
  severity: 'warning' | 'critical';
}

export interface GroupTiming {
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
}

/** What the receiver was told about the group, and what it has not been told yet. */
export interface GroupState {
  /** The firing episodes the last message listed; empty for a group not notified yet. */
  notified: readonly Episode[];
  /** Episodes that fired since the last message (some may have ended since): told in the next one. */
  unsent: readonly Episode[];
  lastSentAt: number | null;
}

export const NEW_GROUP: GroupState = { notified: [], unsent: [], lastSentAt: null };

export interface GroupInput {
  state: GroupState;
  /** The group's episodes firing now, unsilenced. */
  firing: readonly Episode[];
  /** Episodes still firing but silenced: dropped from messages, never called resolved. */
  silenced?: readonly Episode[];
  timing: GroupTiming;
  now: number;
}

export interface GroupMessage {
  /** Every episode of the group firing now, oldest first. */
  firing: Episode[];
  /** What ended since the last message, once per alert (its latest episode), oldest first. */
  resolved: Episode[];
}

export interface GroupPlan {
  /** The message to send now, or null. */
  message: GroupMessage | null;
  /** The group's state after this round; null when the group is over (nothing left to tell). */
  next: GroupState | null;
}

export const episodeKey = (episode: Pick<Episode, 'alertId' | 'firedAt'>) => `${episode.alertId}@${episode.firedAt}`;

const earliest = (episodes: readonly Episode[]): number | null => (episodes.length === 0 ? null : Math.min(...episodes.map((e) => e.firedAt)));
const byFiredAt = (a: Episode, b: Episode) => a.firedAt - b.firedAt;

/** Whether the group sends a message at `now`, what it lists, and the group's state after. */
export function planGroup({ state, firing, silenced = [], timing, now }: GroupInput): GroupPlan {
  const notifiedKeys = new Set(state.notified.map(episodeKey));
  const seen = new Set([...notifiedKeys, ...state.unsent.map(episodeKey)]);
  const unsent = [...state.unsent, ...firing.filter((episode) => !seen.has(episodeKey(episode)))];
  const current = new Set([...firing, ...silenced].map(episodeKey));
  const firingAlerts = new Set(firing.map((episode) => episode.alertId));
  // Ended since the last message: what it listed as firing, and what fired and ended in between.
  const ended = [...state.notified, ...unsent].filter((episode) => !current.has(episodeKey(episode)));
  const silencedKeys = new Set(silenced.map(episodeKey));
  const silencedSince = state.notified.some((episode) => silencedKeys.has(episodeKey(episode)));

  let dueAt: number;
  if (state.lastSentAt === null) {
    // A new group. Episodes that came and went before anything fired long enough to be told are
    // forgotten: a warning blinking for two seconds is not worth a message.
    if (firing.length === 0) return { message: null, next: null };
    const firstCritical = earliest(firing.filter((episode) => episode.severity === 'critical'));
    dueAt = Math.min((earliest(unsent) ?? now) + timing.groupWaitMs, firstCritical ?? Infinity);
  } else {
    const added = unsent.filter((episode) => current.has(episodeKey(episode)) && !notifiedKeys.has(episodeKey(episode)));
    const firstCritical = earliest(added.filter((episode) => episode.severity === 'critical'));
    const escalates = firstCritical !== null && !state.notified.some((episode) => episode.severity === 'critical');
    if (escalates) dueAt = firstCritical;
    else if (unsent.length > 0 || ended.length > 0 || silencedSince) dueAt = state.lastSentAt + timing.groupIntervalMs;
    else dueAt = state.lastSentAt + timing.repeatIntervalMs;
  }
  if (now < dueAt) return { message: null, next: { ...state, unsent } };

  const latestEnded = new Map<string, Episode>();
  for (const episode of [...ended].sort(byFiredAt)) if (!firingAlerts.has(episode.alertId)) latestEnded.set(episode.alertId, episode);
  const message: GroupMessage = { firing: [...firing].sort(byFiredAt), resolved: [...latestEnded.values()].sort(byFiredAt) };
  if (message.firing.length === 0) {
    // The group is over: its last message says what resolved (unless all of it was silenced).
    return { message: message.resolved.length > 0 ? message : null, next: null };
  }
  return { message, next: { notified: message.firing, unsent: [], lastSentAt: now } };
}

/** The labels an alert is grouped by, as the receiver's messages name them. */
export interface GroupedAlert {
  ruleId: string;
  rule: string;
  severity: 'warning' | 'critical';
  targetId: string;
  targetName: string;
  application: string;
}

export interface AlertGroup {
  /** "target=<id>", "target=<id>,severity=critical", "all" when the receiver groups nothing. */
  key: string;
  /** The group's labels for people: targetId and targetName for `target`, and so on. */
  labels: Record<string, string>;
}

/** The group an alert falls in for a receiver grouping by `groupBy` (order does not matter). */
export function groupOf(alert: GroupedAlert, groupBy: readonly GroupByLabel[]): AlertGroup {
  const by = new Set(groupBy);
  const parts: string[] = [];
  const labels: Record<string, string> = {};
  // A fixed order, so "rule,target" and "target,rule" are the same group.
  if (by.has('target')) {
    parts.push(`target=${alert.targetId}`);
    Object.assign(labels, { targetId: alert.targetId, targetName: alert.targetName });
  }
  if (by.has('rule')) {
    parts.push(`rule=${alert.ruleId}`);
    Object.assign(labels, { ruleId: alert.ruleId, rule: alert.rule });
  }
  if (by.has('severity')) {
    parts.push(`severity=${alert.severity}`);
    labels.severity = alert.severity;
  }
  if (by.has('application')) {
    parts.push(`application=${encodeURIComponent(alert.application)}`);
    labels.application = alert.application;
  }
  return { key: parts.length === 0 ? 'all' : parts.join(','), labels };
}
