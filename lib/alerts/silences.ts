import 'server-only';
import { personActing, type Actor } from '../accounts/actor';
import { recordAudit } from '../accounts/audit';
import type { Db } from '../store/db';
import type { Silence } from '../generated/prisma/client';
import { badRequest, notFound } from '../http/errors';
import { transaction } from '../store/transaction';
import { isUuid } from '../store/values';
import { activeSilences } from './alerts';
import { announceAlerts } from '../events/channels';
import type { SilenceCreateInput } from './schema';

export interface SilenceView {
  id: string;
  ruleId: string | null;
  targetId: string | null;
  startsAt: string;
  endsAt: string;
  createdBy: string;
  reason: string;
  createdAt: string;
}

function toSilenceView(row: Silence): SilenceView {
  return {
    id: row.id,
    ruleId: row.ruleId,
    targetId: row.targetId,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    createdBy: row.createdBy,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Silences in force now, ending soonest first. */
export async function listSilences(db: Db, now = new Date()): Promise<SilenceView[]> {
  const rows = await activeSilences(db, now);
  return rows.sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime()).map(toSilenceView);
}

/**
 * A silence from now for `durationMinutes`; no rule and no target silences every alert. Silencing
 * is a responder's change to what pages people, so it is audited (in the same transaction) like
 * an admin's.
 */
export async function createSilence(db: Db, actor: Actor, input: SilenceCreateInput, now = new Date()): Promise<SilenceView> {
  return transaction(db, async (tx) => {
    if (input.ruleId && (await tx.alertRule.count({ where: { id: input.ruleId } })) === 0) throw badRequest(`ruleId: no alert rule with id ${input.ruleId}`);
    if (input.targetId && (await tx.target.count({ where: { id: input.targetId } })) === 0) throw badRequest(`targetId: no target with id ${input.targetId}`);
    const row = await tx.silence.create({
      data: {
        ruleId: input.ruleId ?? null,
        targetId: input.targetId ?? null,
        startsAt: now,
        endsAt: new Date(now.getTime() + input.durationMinutes * 60_000),
        createdBy: personActing(actor, input.by),
        reason: input.reason,
      },
    });
    await recordAudit(tx, actor, {
      action: 'silence.create',
      subjectType: 'silence',
      subjectId: row.id,
      details: { ruleId: row.ruleId, targetId: row.targetId, durationMinutes: input.durationMinutes, reason: row.reason },
    });
    await announceAlerts(tx);
    return toSilenceView(row);
  });
}

/** Ends a silence (deleting it: an expired silence has nothing left to say). */
export async function deleteSilence(db: Db, actor: Actor, id: string): Promise<void> {
  await transaction(db, async (tx) => {
    const deleted = isUuid(id) ? await tx.silence.deleteMany({ where: { id } }) : { count: 0 };
    if (deleted.count === 0) throw notFound(`no silence with id ${id}`);
    await recordAudit(tx, actor, { action: 'silence.delete', subjectType: 'silence', subjectId: id });
    await announceAlerts(tx);
  });
}
