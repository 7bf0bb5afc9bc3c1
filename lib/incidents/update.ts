import 'server-only';
import { personActing, type Actor } from '../accounts/actor';
import type { Db } from '../store/db';
import { badRequest, notFound } from '../http/errors';
import { announceIncident } from '../events/channels';
import { getIncident, lockIncident } from './get';
import type { IncidentUpdateInput } from './schema';
import { resolveTargets } from './targets';
import { recordEntries, type RecordedEntry } from './timeline';
import { storeNow, transaction, type Tx } from '../store/transaction';
import { isUuid } from '../store/values';
import type { IncidentView } from './types';
import { planUpdate } from './update-plan';

/**
 * PATCH: any subset of the fields, applied in one transaction with the incident row locked,
 * with a timeline entry for every actual change and a live notice to every viewer. A PATCH
 * that changes nothing writes nothing.
 */
export async function updateIncident(db: Db, actor: Actor, id: string, input: IncidentUpdateInput): Promise<IncidentView> {
  if (!isUuid(id)) throw notFound(`no incident with id ${id}`);
  const { by: named, targetIds, channelId, ...fields } = input;
  const by = personActing(actor, named);
  await transaction(db, async (tx) => {
    await lockIncident(tx, id);
    const current = await tx.incident.findUniqueOrThrow({ where: { id } });
    const now = await storeNow(tx);
    const plan = planUpdate(current, fields, now);
    const targetEntry = targetIds === undefined ? null : await relinkTargets(tx, id, targetIds);
    const channelEntry = channelId === undefined || channelId === current.channelId ? null : await channelChange(tx, current.channelId, channelId);
    const entries = [...plan.entries, ...(targetEntry ? [targetEntry] : []), ...(channelEntry ? [channelEntry] : [])];
    if (entries.length === 0) return;
    await tx.incident.update({ where: { id }, data: { ...plan.changes, ...(channelEntry ? { channelId } : {}), updatedAt: now } });
    await recordEntries(tx, id, by, now, entries);
    await announceIncident(tx, id);
  });
  return getIncident(db, id);
}

/** Replaces the linked targets; the entry it returns (or null when the set is the same) names them. */
async function relinkTargets(tx: Tx, incidentId: string, targetIds: string[]): Promise<RecordedEntry | null> {
  const wanted = await resolveTargets(tx, targetIds);
  const linked = await tx.incidentTarget.findMany({ where: { incidentId }, include: { target: { select: { id: true, name: true } } } });
  const added = wanted.filter((target) => !linked.some((link) => link.targetId === target.id));
  const removed = linked.map((link) => link.target).filter((target) => !wanted.some((want) => want.id === target.id));
  if (added.length === 0 && removed.length === 0) return null;
  if (removed.length > 0) await tx.incidentTarget.deleteMany({ where: { incidentId, targetId: { in: removed.map((target) => target.id) } } });
  if (added.length > 0) await tx.incidentTarget.createMany({ data: added.map((target) => ({ incidentId, targetId: target.id })) });
  const names = (targets: { name: string }[]) => targets.map((target) => target.name).join(', ');
  const parts = [added.length > 0 ? `linked ${names(added)}` : '', removed.length > 0 ? `unlinked ${names(removed)}` : ''].filter(Boolean);
  const body = `Targets changed: ${parts.join('; ')}`;
  return { kind: 'field', body, data: { field: 'targets', added: added.map((t) => t.id), removed: removed.map((t) => t.id) } };
}

/** The entry of a change of the channel updates are posted to; a channel must be a Slack receiver (400 naming the id otherwise). */
async function channelChange(tx: Tx, from: string | null, to: string | null): Promise<RecordedEntry> {
  const ids = [from, to].filter((id): id is string => id !== null);
  const receivers = await tx.receiver.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, kind: true } });
  const named = (id: string | null) => receivers.find((receiver) => receiver.id === id);
  const chosen = named(to);
  if (to !== null && chosen?.kind !== 'slack') throw badRequest(`channelId: no Slack receiver with id ${to}`);
  const body = chosen ? `Updates channel set to “${chosen.name}”` : `Updates channel cleared (was “${named(from)?.name ?? 'a deleted receiver'}”): the default channel, if any, gets the updates`;
  return { kind: 'field', body, data: { field: 'channel', from, to } };
}
