import 'server-only';
import type { Alert } from '../generated/prisma/client';
import { type Tx } from '../store/transaction';
import { announceAlerts } from '../events/channels';
import type { PlannedAlert } from './plan';
import type { RoundData } from './round-data';
import { silencedUntil } from './views';

/** A transition to firing or resolved, as written, for what happens after the commit (incidents). */
export interface Transition {
  alert: Alert;
  planned: PlannedAlert;
  targetName: string;
  silenced: boolean;
}

/**
 * Writes a round's changes inside the round's transaction: the alert rows, an AlertEvent per
 * transition, and one notice to the browsers. Notifications are not decided per transition:
 * lib/alerts/notify/flush.ts groups what is firing after the round.
 */
export async function persistRound(tx: Tx, data: RoundData, planned: readonly PlannedAlert[]): Promise<Transition[]> {
  const names = new Map(data.targets.map((target) => [target.target.id, target.target.name]));
  const transitions: Transition[] = [];
  for (const change of planned) {
    const clearAck = change.newEpisode || change.next.state === 'resolved';
    const fields = {
      ...change.next,
      ...(clearAck ? { acknowledgedBy: null, acknowledgedAt: null } : {}),
      ...(change.newEpisode ? { incidentId: null } : {}),
    };
    const alert = await tx.alert.upsert({
      where: { ruleId_targetId_application: { ruleId: change.rule.id, targetId: change.targetId, application: change.application } },
      create: { ruleId: change.rule.id, targetId: change.targetId, application: change.application, ...fields },
      update: fields,
    });
    if (!change.transition) continue;

    await tx.alertEvent.create({
      data: { alertId: alert.id, at: data.now, from: change.previous?.state ?? 'inactive', to: change.transition, value: alert.value },
    });
    const targetName = names.get(change.targetId) ?? change.targetId;
    const silenced = silencedUntil(data.silences, change.rule.id, change.targetId, data.now);
    transitions.push({ alert, planned: change, targetName, silenced: silenced !== null });
  }
  if (planned.length > 0) await announceAlerts(tx);
  return transitions;
}
