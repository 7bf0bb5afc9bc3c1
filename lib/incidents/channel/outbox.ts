import 'server-only';
import type { Incident } from '../../generated/prisma/client';
import type { Tx } from '../../store/transaction';
import { toJson } from '../../store/values';
import { INCIDENT_POST, incidentGroupKey, postEventOf, updateOf, type IncidentPost } from './post';

/**
 * The outbox of incident channels: a message is a Delivery row written in the transaction that
 * records its timeline entry, so it exists exactly when the entry does (a process that dies after
 * the commit leaves it queued, one that dies before leaves neither). The delivery worker
 * (lib/alerts/notify/worker.ts) sends it with its retries and keeps it in the receiver's delivery log.
 */

interface Entry {
  kind: string;
  body: string;
  data?: unknown;
}

/** Queues one message per entry the channel hears of (lib/incidents/channel/post.ts); returns how many. */
export async function queueIncidentPosts(tx: Tx, incidentId: string, author: string, at: Date, entries: readonly Entry[]): Promise<number> {
  const posted = entries.flatMap((entry) => {
    const event = postEventOf(entry);
    return event ? [{ event, entry }] : [];
  });
  if (posted.length === 0) return 0;
  const incident = await tx.incident.findUniqueOrThrow({ where: { id: incidentId } });
  const receiverId = await channelOf(tx, incident);
  if (!receiverId) return 0;
  for (const [index, { event, entry }] of posted.entries()) {
    const post: IncidentPost = { event, incident: postedIncident(incident), author, at: at.toISOString(), text: entry.body, update: event === 'status_update' ? updateOf(entry.data) : null, overdue: null };
    // Entries of one change share `at`: createdAt steps as the timeline's does, to keep their order.
    await queueIncidentPost(tx, receiverId, post, new Date(at.getTime() + index));
  }
  return posted.length;
}

export async function queueIncidentPost(tx: Tx, receiverId: string, post: IncidentPost, createdAt = new Date()): Promise<void> {
  await tx.delivery.create({
    data: { receiverId, groupKey: incidentGroupKey(post.incident.id), alertIds: [], event: INCIDENT_POST, payload: toJson(post), createdAt, nextAttemptAt: createdAt },
  });
}

/**
 * Where an incident's messages go: its own channel if it has one, else the receiver marked as the
 * default channel; either only while it is an enabled Slack receiver. Null: nowhere.
 */
export async function channelOf(tx: Tx, incident: Pick<Incident, 'channelId'>): Promise<string | null> {
  const where = incident.channelId ? { id: incident.channelId } : { defaultChannel: true };
  const receiver = await tx.receiver.findFirst({ where: { ...where, kind: 'slack', enabled: true }, orderBy: { createdAt: 'asc' }, select: { id: true } });
  return receiver?.id ?? null;
}

export function postedIncident(row: Incident): IncidentPost['incident'] {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    severity: row.severity,
    status: row.status,
    commander: row.commander,
    scribe: row.scribe,
    communicationsLead: row.communicationsLead,
  };
}
