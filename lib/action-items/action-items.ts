import 'server-only';
import type { Db } from '../store/db';
import type { Prisma } from '../generated/prisma/client';
import { notFound } from '../http/errors';
import { announceIncident } from '../events/channels';
import { assertIncident } from '../incidents/get';
import type { IncidentStatus, IncidentSeverity } from '../incidents/schema';
import { storeNow, transaction, type Tx } from '../store/transaction';
import { isUuid } from '../store/values';
import type { ActionItemCreateInput, ActionItemUpdateInput } from './schema';

/** A corrective task of a postmortem, as the API returns it. */
export interface ActionItemView {
  id: string;
  incidentId: string;
  text: string;
  owner: string;
  done: boolean;
  doneAt: string | null;
  createdAt: string;
}

/**
 * An item on the cross-incident page, with enough of its incident to name and sort by; flat, so
 * the page and an incident's own list share one item type.
 */
export interface ActionItemWithIncident extends ActionItemView {
  incidentNumber: number;
  incidentTitle: string;
  incidentSeverity: IncidentSeverity;
  incidentStatus: IncidentStatus;
}

type ActionItemRow = Prisma.ActionItemGetPayload<object>;

const noItem = (id: string) => notFound(`no action item with id ${id}`);
const ORDER = [{ createdAt: 'asc' }, { id: 'asc' }] satisfies Prisma.ActionItemOrderByWithRelationInput[];

export async function listActionItems(db: Db, incidentId: string): Promise<ActionItemView[]> {
  await assertIncident(db, incidentId);
  const rows = await db.actionItem.findMany({ where: { incidentId }, orderBy: ORDER });
  return rows.map(toActionItemView);
}

/** Across incidents, newest incident first; `open` leaves out the done ones. */
export async function listAllActionItems(db: Db, options: { open: boolean }): Promise<ActionItemWithIncident[]> {
  const rows = await db.actionItem.findMany({
    where: options.open ? { done: false } : {},
    include: { incident: { select: { number: true, title: true, severity: true, status: true } } },
    orderBy: [{ incident: { number: 'desc' } }, ...ORDER],
  });
  return rows.map((row) => ({
    ...toActionItemView(row),
    incidentNumber: row.incident.number,
    incidentTitle: row.incident.title,
    incidentSeverity: row.incident.severity,
    incidentStatus: row.incident.status,
  }));
}

/** `by` is checked (someone must be acting) but not stored: the table has no author column yet. */
export async function createActionItem(db: Db, incidentId: string, input: ActionItemCreateInput): Promise<ActionItemView> {
  return transaction(db, async (tx) => {
    await assertIncident(tx, incidentId);
    const row = await tx.actionItem.create({ data: { incidentId, text: input.text, owner: input.owner } });
    await announceIncident(tx, incidentId);
    return toActionItemView(row);
  });
}

/** Ticking sets doneAt (the store's clock) once; unticking clears it; re-ticking a done item keeps the first time. */
export async function updateActionItem(db: Db, id: string, input: ActionItemUpdateInput): Promise<ActionItemView> {
  return transaction(db, async (tx) => {
    const current = await lockItem(tx, id);
    const doneAt = input.done === undefined || input.done === current.done ? current.doneAt : input.done ? await storeNow(tx) : null;
    const row = await tx.actionItem.update({
      where: { id },
      data: { text: input.text, owner: input.owner, done: input.done, doneAt },
    });
    await announceIncident(tx, row.incidentId);
    return toActionItemView(row);
  });
}

export async function deleteActionItem(db: Db, id: string): Promise<void> {
  await transaction(db, async (tx) => {
    const current = await lockItem(tx, id);
    await tx.actionItem.delete({ where: { id } });
    await announceIncident(tx, current.incidentId);
  });
}

/** Reads the item and holds its row, so concurrent ticks apply one after the other. */
async function lockItem(tx: Tx, id: string): Promise<ActionItemRow> {
  const locked = isUuid(id) ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM action_items WHERE id = ${id}::uuid FOR UPDATE` : [];
  const row = locked.length > 0 ? await tx.actionItem.findUnique({ where: { id } }) : null;
  if (!row) throw noItem(id);
  return row;
}

export function toActionItemView(row: ActionItemRow): ActionItemView {
  return {
    id: row.id,
    incidentId: row.incidentId,
    text: row.text,
    owner: row.owner,
    done: row.done,
    doneAt: row.doneAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
