import type { Db } from '../../store/db';
import type { Delivery, Receiver } from '../../generated/prisma/client';
import { notFound } from '../../http/errors';
import type { Actor } from '../../accounts/actor';
import { recordAudit } from '../../accounts/audit';
import { transaction } from '../../store/transaction';
import { isUuid } from '../../store/values';
import { redactUrl } from '../../targets/redact';
import type { ReceiverCreateInput, ReceiverUpdateInput } from '../schema';

export interface ReceiverView {
  id: string;
  name: string;
  kind: 'webhook' | 'slack';
  /** Without a password; Slack's secret is in the path, so keep receivers' URLs to admins. */
  url: string;
  enabled: boolean;
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  receiverId: string;
  alertId: string;
  event: 'firing' | 'resolved';
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  responseStatus: number | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string;
  /** The alert's sentence at the time of the transition. */
  summary: string | null;
}

const toReceiverView = (row: Receiver): ReceiverView => ({
  id: row.id,
  name: row.name,
  kind: row.kind === 'slack' ? 'slack' : 'webhook',
  url: redactUrl(row.url),
  enabled: row.enabled,
  createdAt: row.createdAt.toISOString(),
});

function toDeliveryView(row: Delivery): DeliveryView {
  const payload = row.payload as { alert?: { summary?: unknown } } | null;
  return {
    id: row.id,
    receiverId: row.receiverId,
    alertId: row.alertId,
    event: row.event === 'resolved' ? 'resolved' : 'firing',
    status: row.status === 'delivered' ? 'delivered' : row.status === 'failed' ? 'failed' : 'pending',
    attempts: row.attempts,
    lastError: row.lastError,
    responseStatus: row.responseStatus,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    summary: typeof payload?.alert?.summary === 'string' ? payload.alert.summary : null,
  };
}

const noReceiver = (id: string) => notFound(`no receiver with id ${id}`);

export async function listReceivers(db: Db): Promise<ReceiverView[]> {
  return (await db.receiver.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] })).map(toReceiverView);
}

/** Every change is recorded in the audit log in the change's own transaction (never the URL: it may hold a secret). */
export async function createReceiver(db: Db, actor: Actor, input: ReceiverCreateInput): Promise<ReceiverView> {
  return transaction(db, async (tx) => {
    const row = await tx.receiver.create({ data: input });
    await recordAudit(tx, actor, { action: 'receiver.create', subjectType: 'receiver', subjectId: row.id, details: { name: row.name, kind: row.kind } });
    return toReceiverView(row);
  });
}

export async function updateReceiver(db: Db, actor: Actor, id: string, input: ReceiverUpdateInput): Promise<ReceiverView> {
  return transaction(db, async (tx) => {
    const found = isUuid(id) ? await tx.receiver.updateMany({ where: { id }, data: input }) : { count: 0 };
    if (found.count === 0) throw noReceiver(id);
    await recordAudit(tx, actor, { action: 'receiver.update', subjectType: 'receiver', subjectId: id, details: { changed: Object.keys(input) } });
    return toReceiverView(await tx.receiver.findUniqueOrThrow({ where: { id } }));
  });
}

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
