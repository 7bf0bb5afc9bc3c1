import 'server-only';
import type { Db } from '../store/db';
import type { Actor } from '../accounts/actor';
import { recordAudit } from '../accounts/audit';
import { notFound } from '../http/errors';
import { transaction } from '../store/transaction';
import { isUuid } from '../store/values';
import type { TargetSettingsInput } from './schema';

/**
 * A target's settings beside its connection: for now whether drills may flood it. Kept apart from
 * lib/targets/targets.ts so that changing a setting never touches (or re-encrypts) the URL.
 */
export interface TargetSettings {
  allowDrills: boolean;
}

export async function getTargetSettings(db: Db, id: string): Promise<TargetSettings> {
  const row = isUuid(id) ? await db.target.findUnique({ where: { id }, select: { allowDrills: true } }) : null;
  if (!row) throw notFound(`no target with id ${id}`);
  return { allowDrills: row.allowDrills };
}

/** Audited: allowing drills is allowing Lifeguard to exhaust that database's connections on request. */
export async function updateTargetSettings(db: Db, actor: Actor, id: string, input: TargetSettingsInput): Promise<TargetSettings> {
  return transaction(db, async (tx) => {
    const found = isUuid(id) ? await tx.target.findUnique({ where: { id }, select: { name: true, allowDrills: true } }) : null;
    if (!found) throw notFound(`no target with id ${id}`);
    if (found.allowDrills === input.allowDrills) return { allowDrills: found.allowDrills };
    const row = await tx.target.update({ where: { id }, data: { allowDrills: input.allowDrills }, select: { allowDrills: true } });
    await recordAudit(tx, actor, { action: 'target.settings', subjectType: 'target', subjectId: id, details: { name: found.name, allowDrills: input.allowDrills } });
    return { allowDrills: row.allowDrills };
  });
}
