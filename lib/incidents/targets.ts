import 'server-only';
import { badRequest } from '../http/errors';
import type { Tx } from '../store/transaction';

export interface LinkedTarget {
  id: string;
  name: string;
}

/** The targets an incident should link to, by name; any unknown id is a 400 naming it, before anything is written. */
export async function resolveTargets(tx: Tx, ids: readonly string[]): Promise<LinkedTarget[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await tx.target.findMany({ where: { id: { in: unique } }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
  const missing = unique.find((id) => !found.some((target) => target.id === id));
  if (missing) throw badRequest(`targetIds: no target with id ${missing}`);
  return found;
}
