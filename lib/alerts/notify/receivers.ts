import 'server-only';
import type { Db } from '../../store/db';
import type { Delivery, Receiver } from '../../generated/prisma/client';
import { badRequest, notFound } from '../../http/errors';
import type { Actor } from '../../accounts/actor';
import { recordAudit } from '../../accounts/audit';
import { transaction } from '../../store/transaction';
import { isUuid } from '../../store/values';
import { redactUrl } from '../../targets/redact';
import { DEFAULT_CHANNEL_SLACK_ONLY, RECEIVER_KINDS, type GroupByLabel, type ReceiverCreateInput, type ReceiverKind, type ReceiverUpdateInput } from '../schema';
import type { Tx } from '../../store/transaction';
import { INCIDENT_POST, type IncidentPost } from '../../incidents/channel/post';
import { incidentPostText } from '../../incidents/channel/slack';
import { messageTitle, type GroupNotification } from './payload';

export interface ReceiverView {
  id: string;
  name: string;
  kind: ReceiverKind;
  /** Without a password; Slack's secret is in the path, so keep receivers' URLs to admins. */
  url: string;
  /** pagerduty: the routing key's last 4 characters ("…1a2b"), enough to tell keys apart; the key itself is never shown again. */
  routingKeyHint: string | null;
  enabled: boolean;
  /** slack only: incidents without a channel of their own post their updates here. */
  defaultChannel: boolean;
  /** How alerts are grouped into messages (lib/alerts/notify/grouping.ts). */
  groupBy: GroupByLabel[];
  groupWaitSeconds: number;
  groupIntervalSeconds: number;
  repeatIntervalSeconds: number;
  createdAt: string;
}

/** One message to a receiver about one group of alerts. */
export interface DeliveryView {
  id: string;
  receiverId: string;
  groupKey: string;
  /** Every alert the message listed, firing or resolved. */
  alertIds: string[];
  /** firing: something in the group still fired; resolved: the message closed the group; acknowledged: PagerDuty told of an acknowledgement; incident: an incident's update to its channel. */
  event: 'firing' | 'resolved' | 'acknowledged' | 'incident';
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  responseStatus: number | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string;
  /** The message's title: "[FIRING · critical] production: 2 firing, 1 resolved". */
  summary: string | null;
  /** The sentences of the alerts it listed, as they were when it was made. */
  firing: string[];
  resolved: string[];
}

const toReceiverView = (row: Receiver): ReceiverView => ({
  id: row.id,
  name: row.name,
  kind: RECEIVER_KINDS.find((kind) => kind === row.kind) ?? 'webhook',
  url: redactUrl(row.url),
  routingKeyHint: row.routingKey ? `…${row.routingKey.slice(-4)}` : null,
  enabled: row.enabled,
  defaultChannel: row.defaultChannel,
  groupBy: row.groupBy as GroupByLabel[],
  groupWaitSeconds: row.groupWaitSeconds,
  groupIntervalSeconds: row.groupIntervalSeconds,
  repeatIntervalSeconds: row.repeatIntervalSeconds,
  createdAt: row.createdAt.toISOString(),
});

function toDeliveryView(row: Delivery): DeliveryView {
  if (row.event === INCIDENT_POST) return { ...deliveryFields(row), event: 'incident', summary: incidentPostText(row.payload as unknown as IncidentPost), firing: [], resolved: [] };
  const message = readMessage(row.payload);
  return {
    ...deliveryFields(row),
    event: row.event === 'resolved' || row.event === 'acknowledged' ? row.event : 'firing',
    summary: message ? messageTitle(message) : null,
    firing: message?.firing.map((alert) => alert.summary) ?? [],
    resolved: message?.resolved.map((alert) => alert.summary) ?? [],
  };
}

function deliveryFields(row: Delivery): Omit<DeliveryView, 'event' | 'summary' | 'firing' | 'resolved'> {
  return {
    id: row.id,
    receiverId: row.receiverId,
    groupKey: row.groupKey,
    alertIds: row.alertIds,
    status: row.status === 'delivered' ? 'delivered' : row.status === 'failed' ? 'failed' : 'pending',
    attempts: row.attempts,
    lastError: row.lastError,
    responseStatus: row.responseStatus,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
  };
}

/** The stored message (lib/alerts/notify/flush.ts writes it; the quiet_alerts migration converted older ones). */
function readMessage(payload: Delivery['payload']): GroupNotification | null {
  const message = payload as Partial<GroupNotification> | null;
  if (!message || !Array.isArray(message.firing) || !Array.isArray(message.resolved)) return null;
  return { groupKey: message.groupKey ?? '', groupLabels: message.groupLabels ?? {}, status: message.status === 'resolved' ? 'resolved' : 'firing', firing: message.firing, resolved: message.resolved };
}

const noReceiver = (id: string) => notFound(`no receiver with id ${id}`);

export async function listReceivers(db: Db): Promise<ReceiverView[]> {
  return (await db.receiver.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] })).map(toReceiverView);
}

type GroupingField = 'groupBy' | 'groupWaitSeconds' | 'groupIntervalSeconds' | 'repeatIntervalSeconds' | 'defaultChannel';
/** Grouping left out takes the store's defaults (by target, 10 s, 5 min, 4 h), as the schema's; so does defaultChannel (false). */
export type ReceiverCreate = Omit<ReceiverCreateInput, GroupingField> & Partial<Pick<ReceiverCreateInput, GroupingField>>;

/** Every change is recorded in the audit log in the change's own transaction (never the URL nor the routing key: secrets). */
export async function createReceiver(db: Db, actor: Actor, input: ReceiverCreate): Promise<ReceiverView> {
  return transaction(db, async (tx) => {
    const row = await tx.receiver.create({ data: input });
    if (row.defaultChannel) await unmarkOtherDefaults(tx, row.id);
    await recordAudit(tx, actor, { action: 'receiver.create', subjectType: 'receiver', subjectId: row.id, details: { name: row.name, kind: row.kind } });
    return toReceiverView(row);
  });
}

/**
 * A change of groupBy forgets what the receiver was told per group: the old groups' keys no
 * longer match any alert, and would otherwise report their alerts as resolved. The alerts still
 * firing are sent again, in their new groups.
 */
export async function updateReceiver(db: Db, actor: Actor, id: string, input: ReceiverUpdateInput): Promise<ReceiverView> {
  return transaction(db, async (tx) => {
    const found = isUuid(id) ? await tx.receiver.updateMany({ where: { id }, data: input }) : { count: 0 };
    if (found.count === 0) throw noReceiver(id);
    const row = await tx.receiver.findUniqueOrThrow({ where: { id } });
    // The kind that counts may be the stored one; throwing rolls the update back.
    if (row.kind === 'pagerduty' && !row.routingKey) throw badRequest('routingKey: routingKey is required for a pagerduty receiver');
    if (row.kind !== 'pagerduty' && input.routingKey !== undefined) throw badRequest('routingKey: routingKey is for pagerduty receivers only');
    if (row.kind !== 'slack' && row.defaultChannel) throw badRequest(`defaultChannel: ${DEFAULT_CHANNEL_SLACK_ONLY}`);
    if (input.defaultChannel) await unmarkOtherDefaults(tx, id);
    // A receiver that stops being pagerduty forgets its key.
    const updated = row.kind !== 'pagerduty' && row.routingKey ? await tx.receiver.update({ where: { id }, data: { routingKey: null } }) : row;
    if (input.groupBy !== undefined) await tx.notificationGroup.deleteMany({ where: { receiverId: id } });
    await recordAudit(tx, actor, { action: 'receiver.update', subjectType: 'receiver', subjectId: id, details: { changed: Object.keys(input) } });
    return toReceiverView(updated);
  });
}

/**
 * One default channel at most: marking one unmarks the others. Serialised by an advisory lock so
 * two admins marking two receivers at once still leave one.
 */
async function unmarkOtherDefaults(tx: Tx, id: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DEFAULT_CHANNEL_LOCK}::bigint)`;
  await tx.receiver.updateMany({ where: { defaultChannel: true, id: { not: id } }, data: { defaultChannel: false } });
}
const DEFAULT_CHANNEL_LOCK = 724_319_011;

export async function deleteReceiver(db: Db, actor: Actor, id: string): Promise<void> {
  await transaction(db, async (tx) => {
    const deleted = isUuid(id) ? await tx.receiver.deleteMany({ where: { id } }) : { count: 0 };
    if (deleted.count === 0) throw noReceiver(id);
    await recordAudit(tx, actor, { action: 'receiver.delete', subjectType: 'receiver', subjectId: id });
  });
}

/** The latest 100 deliveries to a receiver, newest first. */
export async function listDeliveries(db: Db, receiverId: string): Promise<DeliveryView[]> {
  if (!isUuid(receiverId) || (await db.receiver.count({ where: { id: receiverId } })) === 0) throw noReceiver(receiverId);
  const rows = await db.delivery.findMany({ where: { receiverId }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: 100 });
  return rows.map(toDeliveryView);
}
