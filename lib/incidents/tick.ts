import 'server-only';
import { personActing, type Actor } from '../accounts/actor';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import { notFound } from '../http/errors';
import { announceIncident } from '../events/channels';
import { incidentFindings } from '../finding/finding';
import type { Finding } from '../finding/types';
import { assertIncident } from './get';
import type { ChecklistTickInput } from './schema';
import { recordEntries } from './timeline';
import { transaction, type Tx } from '../store/transaction';
import { isUuid, toJson } from '../store/values';
import type { ChecklistItemView } from './types';
import { toChecklistItemView } from './views';

/**
 * Ticks or unticks one item, with who and when, a 'checklist' timeline entry and a live notice.
 *
 * People click at the same moment, so each tick is one transaction that first locks the item
 * row: concurrent ticks of the same item queue on the lock and each sees the state the previous
 * one committed. A tick that would not change the state (a second "check") writes nothing and
 * answers the item as it is, so the timeline holds exactly one entry per actual change, and
 * its last entry always matches the item.
 */
export async function tickChecklistItem(db: Db, actor: Actor, incidentId: string, itemId: string, input: ChecklistTickInput): Promise<ChecklistItemView> {
  const by = personActing(actor, input.by);
  if (!isUuid(incidentId)) throw notFound(`no incident with id ${incidentId}`);
  const noItem = () => notFound(`no checklist item with id ${itemId} in incident ${incidentId}`);
  const item = isUuid(itemId) ? await db.checklistItem.findFirst({ where: { id: itemId, incidentId }, select: { kind: true } }) : null;
  if (!item) {
    await assertIncident(db, incidentId);
    throw noItem();
  }
  // Read before taking the lock, so that reading samples never holds up the people queued behind it.
  const findings = input.checked && item.kind === 'pool_check' ? await incidentFindings(db, incidentId) : null;

  return transaction(db, async (tx) => {
    const locked = await tx.$queryRaw<{ checked: boolean }[]>`
      SELECT checked FROM checklist_items WHERE id = ${itemId}::uuid AND incident_id = ${incidentId}::uuid FOR UPDATE`;
    const current = locked[0];
    if (!current) throw noItem();
    if (current.checked === input.checked) return toChecklistItemView(await tx.checklistItem.findUniqueOrThrow({ where: { id: itemId } }));

    const at = await nextTickTime(tx, incidentId, itemId);
    const row = await tx.checklistItem.update({
      where: { id: itemId },
      data: input.checked
        ? { checked: true, checkedBy: by, checkedAt: at, evidence: findings ? toJson(findings) : Prisma.DbNull }
        : // The item shows who ticked it; once unticked that is history, kept in the timeline.
          { checked: false, checkedBy: null, checkedAt: null, evidence: Prisma.DbNull },
    });
    const action = input.checked ? 'checked' : 'unchecked';
    await recordEntries(tx, incidentId, by, at, [{ kind: 'checklist', body: `${by} ${action} “${row.text}”`, data: tickData(itemId, input.checked, findings) }]);
    await announceIncident(tx, incidentId);
    return toChecklistItemView(row);
  });
}

// `evidence` is the name the checklist item and its timeline entry have always stored the findings under.
function tickData(itemId: string, checked: boolean, findings: Finding[] | null) {
  return { itemId, action: checked ? 'checked' : 'unchecked', checked, ...(findings ? { evidence: findings } : {}) };
}

/**
 * The time of a tick, from the store's clock (one clock for every replica), and always at least
 * a millisecond after the item's previous tick: the timeline is ordered by `at`, and two ticks
 * within the same millisecond must still read in the order they were applied.
 */
async function nextTickTime(tx: Tx, incidentId: string, itemId: string): Promise<Date> {
  const rows = await tx.$queryRaw<{ at: Date }[]>`
    SELECT greatest(date_trunc('milliseconds', clock_timestamp()), max(at) + interval '1 millisecond') AS at
    FROM timeline_entries
    WHERE incident_id = ${incidentId}::uuid AND kind = 'checklist' AND data->>'itemId' = ${itemId}`;
  return rows[0]?.at ?? new Date();
}
