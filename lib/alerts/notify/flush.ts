import 'server-only';
import type { Alert, AlertRule, NotificationGroup, Prisma, Receiver } from '../../generated/prisma/client';
import type { Tx } from '../../store/transaction';
import { toJson } from '../../store/values';
import { announceAlerts } from '../../events/channels';
import type { RoundData } from '../round-data';
import type { GroupByLabel } from '../schema';
import { silencedUntil, toAlertView, type AlertView } from '../views';
import { episodeKey, groupOf, NEW_GROUP, planGroup, type Episode, type GroupState, type GroupTiming } from './grouping';
import type { GroupNotification } from './payload';

/**
 * After each evaluation round, inside its transaction (so under the evaluator's lock: one
 * replica decides, nothing is sent twice): every enabled receiver's groups of firing alerts are
 * looked at, and those due a message (lib/alerts/notify/grouping.ts) get one queued Delivery,
 * which the delivery worker sends with its retries. A fixed number of queries per round.
 * Returns the number of messages queued.
 */
export async function flushNotifications(tx: Tx, data: RoundData): Promise<number> {
  if (data.receivers.length === 0) return 0;
  const names = new Map(data.targets.map((target) => [target.target.id, target.target.name]));
  const silenced = (alert: Pick<Alert, 'ruleId' | 'targetId'>) => silencedUntil(data.silences, alert.ruleId, alert.targetId, data.now) !== null;
  const firingRows = await tx.alert.findMany({ where: { state: 'firing', firedAt: { not: null } }, include: { rule: true } });
  const storedGroups = await tx.notificationGroup.findMany({ where: { receiverId: { in: data.receivers.map((receiver) => receiver.id) } } });
  const firing: FiringAlert[] = firingRows.map((row) => ({ row, episode: episodeOf(row, row.rule), targetName: names.get(row.targetId) ?? row.targetId, silenced: silenced(row) }));
  const ended = await endedAlerts(tx, storedGroups, new Set(firing.map((item) => episodeKey(item.episode))));

  let queued = 0;
  for (const receiver of data.receivers) {
    const groups = groupFiring(firing, receiver.groupBy as GroupByLabel[]);
    const states = new Map(storedGroups.filter((group) => group.receiverId === receiver.id).map((group) => [group.groupKey, group]));
    for (const key of new Set([...groups.keys(), ...states.keys()])) {
      const stored = states.get(key);
      const members = groups.get(key)?.members ?? [];
      const state: GroupState = stored ? { notified: readEpisodes(stored.notified), unsent: readEpisodes(stored.unsent), lastSentAt: stored.lastSentAt?.getTime() ?? null } : NEW_GROUP;
      const plan = planGroup({
        state,
        firing: members.filter((item) => !item.silenced).map((item) => item.episode),
        silenced: members.filter((item) => item.silenced).map((item) => item.episode),
        timing: timingOf(receiver),
        now: data.now.getTime(),
      });
      await saveGroup(tx, receiver.id, key, stored, state, plan.next);
      if (!plan.message) continue;

      const byKey = new Map(members.map((item) => [episodeKey(item.episode), item]));
      const firingViews = plan.message.firing.flatMap((episode) => {
        const item = byKey.get(episodeKey(episode));
        return item ? [toAlertView(item.row, item.row.rule, item.targetName, null)] : [];
      });
      // A silence mutes an alert's resolution too (it was asked not to be heard of for a while),
      // and a rule switched off ends its alerts quietly (lib/alerts/rules.ts).
      const resolvedViews = plan.message.resolved.flatMap((episode) => {
        const row = ended.get(episode.alertId);
        return row && row.rule.enabled && !silenced(row) ? [resolvedView(episode, row, names, data.now)] : [];
      });
      if (firingViews.length === 0 && resolvedViews.length === 0) continue;
      const message: GroupNotification = {
        groupKey: key,
        groupLabels: groups.get(key)?.labels ?? labelsOfEnded(plan.message.resolved, ended, receiver, names),
        status: firingViews.length > 0 ? 'firing' : 'resolved',
        firing: firingViews,
        resolved: resolvedViews,
      };
      await tx.delivery.create({
        data: {
          receiverId: receiver.id,
          groupKey: key,
          alertIds: [...new Set([...message.firing, ...message.resolved].map((alert) => alert.id))],
          event: message.status,
          payload: toJson(message),
          nextAttemptAt: data.now,
        },
      });
      queued++;
    }
  }
  // The alerts page counts notifications per alert: a message sent in a round where no alert
  // changed must still tell the browsers.
  if (queued > 0) await announceAlerts(tx);
  return queued;
}

interface FiringAlert {
  row: Alert & { rule: AlertRule };
  episode: Episode;
  targetName: string;
  silenced: boolean;
}

/** A receiver's groups of the alerts firing now, by key, with their labels. */
function groupFiring(firing: readonly FiringAlert[], groupBy: readonly GroupByLabel[]): Map<string, { labels: Record<string, string>; members: FiringAlert[] }> {
  const groups = new Map<string, { labels: Record<string, string>; members: FiringAlert[] }>();
  for (const item of firing) {
    const group = groupOf({ ...item.row, rule: item.row.rule.name, severity: item.episode.severity, targetName: item.targetName }, groupBy);
    const entry = groups.get(group.key) ?? { labels: group.labels, members: [] };
    entry.members.push(item);
    groups.set(group.key, entry);
  }
  return groups;
}

/** Writes the group's state when it changed; a group that is over is deleted. */
async function saveGroup(tx: Tx, receiverId: string, groupKey: string, stored: NotificationGroup | undefined, before: GroupState, next: GroupState | null): Promise<void> {
  if (next === null) {
    if (stored) await tx.notificationGroup.delete({ where: { id: stored.id } });
    return;
  }
  if (stored && JSON.stringify(next) === JSON.stringify(before)) return;
  const fields = { notified: toJson(next.notified), unsent: toJson(next.unsent), lastSentAt: next.lastSentAt === null ? null : new Date(next.lastSentAt) };
  await tx.notificationGroup.upsert({ where: { receiverId_groupKey: { receiverId, groupKey } }, create: { receiverId, groupKey, ...fields }, update: fields });
}

type EndedAlert = Alert & { rule: AlertRule; events: { at: Date }[] };

function episodeOf(row: Alert, rule: AlertRule): Episode {
  return { alertId: row.id, firedAt: row.firedAt?.getTime() ?? row.since.getTime(), severity: rule.severity === 'critical' ? 'critical' : 'warning' };
}

function timingOf(receiver: Receiver): GroupTiming {
  return { groupWaitMs: receiver.groupWaitSeconds * 1000, groupIntervalMs: receiver.groupIntervalSeconds * 1000, repeatIntervalMs: receiver.repeatIntervalSeconds * 1000 };
}

/** The rows of episodes some group holds (told or not yet) that fire no more, with when they resolved. */
async function endedAlerts(tx: Tx, groups: readonly NotificationGroup[], firingKeys: ReadonlySet<string>): Promise<Map<string, EndedAlert>> {
  const told = groups.flatMap((group) => [...readEpisodes(group.notified), ...readEpisodes(group.unsent)]);
  const ids = new Set(told.filter((episode) => !firingKeys.has(episodeKey(episode))).map((e) => e.alertId));
  if (ids.size === 0) return new Map();
  const rows = await tx.alert.findMany({
    where: { id: { in: [...ids] } },
    include: { rule: true, events: { where: { to: 'resolved' }, orderBy: { at: 'desc' }, take: 1, select: { at: true } } },
  });
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * An ended episode as the message lists it. The alert row may have moved on (it fired again as
 * a new episode): the episode is still described from it, with its own firing time and the
 * latest resolution. (An alert deleted since, its rule changed what it watches, is left out.)
 */
function resolvedView(episode: Episode, row: EndedAlert, names: Map<string, string>, now: Date): AlertView {
  const view = toAlertView(row, row.rule, names.get(row.targetId) ?? row.targetId, null);
  if (row.state === 'resolved' && row.firedAt?.getTime() === episode.firedAt) return view;
  return { ...view, state: 'resolved', firedAt: new Date(episode.firedAt).toISOString(), resolvedAt: (row.events[0]?.at ?? now).toISOString() };
}

/** A group whose alerts all ended has no firing member to take its labels from. */
function labelsOfEnded(resolved: readonly Episode[], ended: Map<string, EndedAlert>, receiver: Receiver, names: Map<string, string>): Record<string, string> {
  const row = resolved.map((episode) => ended.get(episode.alertId)).find((found) => found !== undefined);
  if (!row) return {};
  const severity = row.rule.severity === 'critical' ? 'critical' : 'warning';
  return groupOf({ ...row, rule: row.rule.name, severity, targetName: names.get(row.targetId) ?? row.targetId }, receiver.groupBy as GroupByLabel[]).labels;
}

/** Episodes as stored (this module writes them); anything unreadable counts as none. */
function readEpisodes(value: Prisma.JsonValue | undefined): Episode[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const episode = item as Partial<Episode> | null;
    if (typeof episode?.alertId !== 'string' || typeof episode.firedAt !== 'number') return [];
    return [{ alertId: episode.alertId, firedAt: episode.firedAt, severity: episode.severity === 'critical' ? 'critical' : 'warning' }];
  });
}
