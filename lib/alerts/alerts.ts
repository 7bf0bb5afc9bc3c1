import 'server-only';
import { personActing, type Actor } from '../accounts/actor';
import type { Db } from '../store/db';
import type { Prisma } from '../generated/prisma/client';
import { notFound } from '../http/errors';
import { transaction } from '../store/transaction';
import { isUuid } from '../store/values';
import { announceAlerts } from '../events/channels';
import type { AcknowledgeInput, AlertListQuery } from './schema';
import { alertActivity, NO_ACTIVITY, type AlertActivity } from './activity';
import { silencedUntil, toAlertView, type AlertView } from './views';
import { queueAcknowledgements } from './notify/acknowledge';

/** An alert as GET /api/alerts lists it: with how noisy it was over the last 24 h. */
export interface AlertListItem extends AlertView {
  last24h: AlertActivity;
}

const STATES: Record<AlertListQuery['state'], string[] | undefined> = {
  active: ['pending', 'firing'],
  firing: ['firing'],
  pending: ['pending'],
  resolved: ['resolved'],
  all: undefined,
};
/** Firing first, then pending: what needs a person now is on top. */
const RANK: Record<string, number> = { firing: 0, pending: 1, resolved: 2, inactive: 3 };

const include = { rule: true, target: { select: { name: true } } } satisfies Prisma.AlertInclude;

export async function listAlerts(db: Db, query: AlertListQuery, now = new Date()): Promise<AlertListItem[]> {
  const states = STATES[query.state];
  const [rows, silences] = await Promise.all([
    db.alert.findMany({
      where: { ...(states ? { state: { in: states } } : {}), ...(query.targetId ? { targetId: query.targetId } : {}) },
      include,
      orderBy: [{ since: 'desc' }, { id: 'asc' }],
      take: 1000,
    }),
    activeSilences(db, now),
  ]);
  const activity = await alertActivity(db, rows.map((row) => row.id), now);
  return rows
    .map((row) => ({
      ...toAlertView(row, row.rule, row.target.name, silencedUntil(silences, row.ruleId, row.targetId, now)),
      last24h: activity.get(row.id) ?? NO_ACTIVITY,
    }))
    .sort((a, b) => (RANK[a.state] ?? 9) - (RANK[b.state] ?? 9) || b.since.localeCompare(a.since));
}

export async function getAlert(db: Db, id: string, now = new Date()): Promise<AlertListItem> {
  const row = isUuid(id) ? await db.alert.findUnique({ where: { id }, include }) : null;
  if (!row) throw notFound(`no alert with id ${id}`);
  const [silences, activity] = await Promise.all([activeSilences(db, now), alertActivity(db, [row.id], now)]);
  return { ...toAlertView(row, row.rule, row.target.name, silencedUntil(silences, row.ruleId, row.targetId, now)), last24h: activity.get(row.id) ?? NO_ACTIVITY };
}

/**
 * Someone has seen it and is on it. Kept until the alert resolves (the evaluator clears it then),
 * so a new episode of the same alert asks for attention again. Acknowledging twice keeps the first.
 * PagerDuty receivers that paged for it are sent an acknowledge (lib/alerts/notify/acknowledge.ts).
 */
export async function acknowledgeAlert(db: Db, actor: Actor, id: string, input: AcknowledgeInput): Promise<AlertListItem> {
  if (!isUuid(id)) throw notFound(`no alert with id ${id}`);
  await transaction(db, async (tx) => {
    const found = await tx.alert.count({ where: { id } });
    if (found === 0) throw notFound(`no alert with id ${id}`);
    const changed = await tx.alert.updateMany({ where: { id, acknowledgedAt: null }, data: { acknowledgedBy: personActing(actor, input.by), acknowledgedAt: new Date() } });
    if (changed.count === 0) return;
    await queueAcknowledgements(tx, id);
    await announceAlerts(tx);
  });
  return getAlert(db, id);
}

export function activeSilences(db: Db, now: Date) {
  return db.silence.findMany({ where: { startsAt: { lte: now }, endsAt: { gt: now } } });
}
