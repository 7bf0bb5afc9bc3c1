import 'server-only';
import { personActing, type Actor } from '../accounts/actor';
import type { Db } from '../store/db';
import { announceIncident } from '../events/channels';
import { lockIncident } from './get';
import type { ChecklistItemCreateInput } from './schema';
import { recordEntries } from './timeline';
import { storeNow, transaction } from '../store/transaction';
import type { ChecklistItemView } from './types';
import { toChecklistItemView } from './views';

/**
 * Adds an item to one incident's checklist (its template is left alone), at the end. The incident
 * row is locked so two people adding at once get distinct positions.
 */
export async function addChecklistItem(db: Db, actor: Actor, incidentId: string, input: ChecklistItemCreateInput): Promise<ChecklistItemView> {
  const by = personActing(actor, input.by);
  return transaction(db, async (tx) => {
    await lockIncident(tx, incidentId);
    const last = await tx.checklistItem.aggregate({ where: { incidentId }, _max: { position: true } });
    const item = await tx.checklistItem.create({ data: { incidentId, position: (last._max.position ?? 0) + 1, text: input.text } });
    const now = await storeNow(tx);
    await recordEntries(tx, incidentId, by, now, [
      { kind: 'checklist', body: `${by} added “${item.text}” to the checklist`, data: { itemId: item.id, action: 'added' } },
    ]);
    await announceIncident(tx, incidentId);
    return toChecklistItemView(item);
  });
}
