import 'server-only';
import { personActing, type Actor } from '../accounts/actor';
import type { Db } from '../store/db';
import { announceIncident } from '../events/channels';
import { lockIncident } from './get';
import type { StatusUpdateInput } from './schema';
import { statusUpdateOf } from './status-update-view';
import { recordEntries } from './timeline';
import { storeNow, transaction } from '../store/transaction';
import type { StatusUpdateView } from './types';
import { toTimelineEntryView } from './views';

/**
 * A "Conditions / Actions / Needs" update: a timeline entry of kind status_update (the incident's
 * channel is sent it in the same transaction), which also restarts the reminder clock
 * (lib/incidents/channel/reminders.ts). The incident row is locked so the entry's time is after
 * any change that committed before it.
 */
export async function addStatusUpdate(db: Db, actor: Actor, incidentId: string, input: StatusUpdateInput): Promise<StatusUpdateView> {
  const by = personActing(actor, input.by);
  return transaction(db, async (tx) => {
    await lockIncident(tx, incidentId);
    const now = await storeNow(tx);
    const { conditions, actions, needs } = input;
    await recordEntries(tx, incidentId, by, now, [{ kind: 'status_update', body: statusUpdateSentence({ conditions, actions, needs }), data: { conditions, actions, needs } }]);
    await announceIncident(tx, incidentId);
    const row = await tx.timelineEntry.findFirstOrThrow({ where: { incidentId, kind: 'status_update' }, orderBy: [{ at: 'desc' }, { createdAt: 'desc' }] });
    const view = statusUpdateOf(toTimelineEntryView(row));
    if (!view) throw new Error('status update entry unreadable right after writing it');
    return view;
  });
}

/** The entry's plain sentence, for places that show any entry as text (the postmortem's timeline). */
export function statusUpdateSentence(update: { conditions: string; actions: string; needs: string }): string {
  return `Status update — Conditions: ${update.conditions} · Actions: ${update.actions} · Needs: ${update.needs || 'nothing'}`;
}
