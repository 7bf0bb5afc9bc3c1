import 'server-only';
import type { Db } from '../store/db';
import { notFound } from '../http/errors';
import { type Tx } from '../store/transaction';
import { isUuid } from '../store/values';
import type { IncidentView } from './types';
import { toIncidentView, viewInclude } from './views';

const noIncident = (id: string) => notFound(`no incident with id ${id}`);

/**
 * The incident as the API returns it. Writers call it after their transaction commits, not inside
 * it: Prisma loads the included relations in parallel, which a transaction's single connection
 * would have to queue (and node-postgres warns about), and the row locks are released sooner.
 */
export async function getIncident(db: Db, id: string): Promise<IncidentView> {
  const row = isUuid(id) ? await db.incident.findUnique({ where: { id }, include: viewInclude }) : null;
  if (!row) throw noIncident(id);
  return toIncidentView(row);
}

/**
 * Locks the incident row until the transaction ends, so that changes to one incident are applied
 * one after the other and each "changed from X to Y" entry starts from what the previous one left.
 * NO KEY UPDATE: the id never changes, and inserts of timeline entries (which only need KEY SHARE
 * on their incident) are not held up.
 */
export async function lockIncident(tx: Tx, id: string): Promise<void> {
  const rows = isUuid(id) ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM incidents WHERE id = ${id}::uuid FOR NO KEY UPDATE` : [];
  if (rows.length === 0) throw noIncident(id);
}

/** 404 unless the incident exists; for changes that do not need the row locked. */
export async function assertIncident(tx: Tx, id: string): Promise<void> {
  const found = isUuid(id) ? await tx.incident.count({ where: { id } }) : 0;
  if (found === 0) throw noIncident(id);
}
