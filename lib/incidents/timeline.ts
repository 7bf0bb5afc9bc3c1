import 'server-only';
import { personActing, type Actor } from '../accounts/actor';
import type { Db } from '../store/db';
import { announceIncident } from '../events/channels';
import { queueIncidentPosts } from './channel/outbox';
import { assertIncident } from './get';
import type { TimelineNoteInput } from './schema';
import { storeNow, transaction, type Tx } from '../store/transaction';
import { toJson } from '../store/values';
import type { TimelineEntryView } from './types';
import { toTimelineEntryView } from './views';

/** An entry Lifeguard records itself (not a note). */
export interface RecordedEntry {
  kind: Exclude<TimelineEntryView['kind'], 'note'>;
  body: string;
  data?: unknown;
}

/**
 * Writes the entries one change produced, all at the same instant. Their `createdAt` steps by a
 * millisecond so that the timeline, ordered by (at, createdAt), shows them in the order given
 * (status before severity before field edits) rather than in the order of their random ids.
 * Those the incident's channel hears of are queued for it in the same transaction (every writer
 * of the timeline comes through here, so none is forgotten). Call it after the incident row holds
 * the change: the message describes the incident as it now is.
 */
export async function recordEntries(tx: Tx, incidentId: string, author: string, at: Date, entries: RecordedEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.timelineEntry.createMany({
    data: entries.map((entry, index) => ({
      incidentId,
      at,
      createdAt: new Date(at.getTime() + index),
      kind: entry.kind,
      author,
      body: entry.body,
      ...(entry.data === undefined ? {} : { data: toJson(entry.data) }),
    })),
  });
  await queueIncidentPosts(tx, incidentId, author, at, entries);
}

/** A person's Markdown note, at `at` when back-dated. Rendering it safely is the page's job. */
export async function addTimelineNote(db: Db, actor: Actor, incidentId: string, input: TimelineNoteInput): Promise<TimelineEntryView> {
  return transaction(db, async (tx) => {
    await assertIncident(tx, incidentId);
    const now = await storeNow(tx);
    const row = await tx.timelineEntry.create({
      data: { incidentId, at: input.at ?? now, createdAt: now, kind: 'note', author: personActing(actor, input.by), body: input.body },
    });
    await announceIncident(tx, incidentId);
    return toTimelineEntryView(row);
  });
}

/** The incident's timeline in the order things happened (GET /api/incidents/{id}/timeline); 404 for no such incident. */
export async function listTimeline(db: Db, incidentId: string): Promise<TimelineEntryView[]> {
  await assertIncident(db, incidentId);
  const rows = await db.timelineEntry.findMany({ where: { incidentId }, orderBy: [{ at: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] });
  return rows.map(toTimelineEntryView);
}
