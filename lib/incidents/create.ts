import 'server-only';
import { personActing, type Actor } from '../accounts/actor';
import { templateItemsForIncident } from '../checklists/templates';
import type { Db } from '../store/db';
import { announceIncident } from '../events/channels';
import { getIncident } from './get';
import type { IncidentCreateInput } from './schema';
import { resolveTargets } from './targets';
import { recordEntries } from './timeline';
import { storeNow, transaction, type Tx } from '../store/transaction';
import type { IncidentView } from './types';
import { assertTimesInOrder } from './times';

/**
 * Declares an incident: its fields, linked targets, its own copy of a checklist template (the
 * default unless one is chosen) and a 'created' timeline entry, all or nothing.
 */
export async function createIncident(db: Db, actor: Actor, input: IncidentCreateInput): Promise<IncidentView> {
  const id = await transaction(db, (tx) => createIncidentIn(tx, actor, input));
  return getIncident(db, id);
}

/** createIncident inside a caller's transaction (an alert webhook opens incidents among other writes); returns its id. */
export async function createIncidentIn(tx: Tx, actor: Actor, input: IncidentCreateInput): Promise<string> {
  const by = personActing(actor, input.by);
  const now = await storeNow(tx);
  // People often declare late: both times may be given, and default to the moment of declaring.
  const startedAt = input.startedAt ?? now;
  const detectedAt = input.detectedAt ?? now;
  assertTimesInOrder({ startedAt, detectedAt, resolvedAt: null });
  const targets = await resolveTargets(tx, input.targetIds ?? []);
  const items = await templateItemsForIncident(tx, input.templateId);
  const incident = await tx.incident.create({
    data: {
      title: input.title,
      severity: input.severity,
      startedAt,
      detectedAt,
      impact: input.impact ?? '',
      commander: input.commander ?? '',
      scribe: input.scribe ?? '',
      communicationsLead: input.communicationsLead ?? '',
      createdBy: by,
      targets: { create: targets.map((target) => ({ targetId: target.id })) },
      checklist: { create: items.map((item, index) => ({ position: index + 1, text: item.text, kind: item.kind })) },
    },
  });
  await recordEntries(tx, incident.id, by, now, [
    {
      kind: 'created',
      body: `${by} declared INC-${incident.number} “${incident.title}” (${incident.severity})`,
      data: { severity: incident.severity, startedAt, detectedAt, targets: targets.map((target) => target.name) },
    },
  ]);
  await announceIncident(tx, incident.id);
  return incident.id;
}
