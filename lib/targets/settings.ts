import 'server-only';
import type { Db } from '../store/db';
import type { Actor } from '../accounts/actor';
import { recordAudit } from '../accounts/audit';
import { notFound } from '../http/errors';
import { transaction } from '../store/transaction';
import { isUuid } from '../store/values';
import type { TargetSettingsInput } from './schema';

/**
 * A target's settings beside its connection: whether drills may flood it, and whether responders
 * may cancel queries and terminate sessions on it. Kept apart from lib/targets/targets.ts so that
 * changing a setting never touches (or re-encrypts) the URL.
 */
export interface TargetSettings {
  allowDrills: boolean;
  allowRemediation: boolean;
}

const SETTINGS = { allowDrills: true, allowRemediation: true } as const;

export async function getTargetSettings(db: Db, id: string): Promise<TargetSettings> {
  const row = isUuid(id) ? await db.target.findUnique({ where: { id }, select: SETTINGS }) : null;
  if (!row) throw notFound(`no target with id ${id}`);
  return row;
}

/**
 * Audited: allowing drills is allowing Lifeguard to exhaust that database's connections on
 * request; allowing remediation is allowing responders to end other people's sessions on it.
 */
export async function updateTargetSettings(db: Db, actor: Actor, id: string, input: TargetSettingsInput): Promise<TargetSettings> {
  return transaction(db, async (tx) => {
    const found = isUuid(id) ? await tx.target.findUnique({ where: { id }, select: { name: true, ...SETTINGS } }) : null;
    if (!found) throw notFound(`no target with id ${id}`);
    const { name, ...current } = found;
    const changed = Object.fromEntries(Object.entries(input).filter(([key, value]) => value !== undefined && current[key as keyof TargetSettings] !== value));
    if (Object.keys(changed).length === 0) return current;
    const row = await tx.target.update({ where: { id }, data: changed, select: SETTINGS });
    await recordAudit(tx, actor, { action: 'target.settings', subjectType: 'target', subjectId: id, details: { name, ...changed } });
    return row;
  });
}
