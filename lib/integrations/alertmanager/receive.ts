import 'server-only';
import type { Actor } from '../../accounts/actor';
import { announceIncident } from '../../events/channels';
import { createIncidentIn } from '../../incidents/create';
import type { IncidentSeverity } from '../../incidents/schema';
import { recordEntries } from '../../incidents/timeline';
import type { Db } from '../../store/db';
import { storeNow, transaction, type Tx } from '../../store/transaction';
import { toJson } from '../../store/values';
import type { AlertmanagerAlert, AlertmanagerWebhook } from './schema';

/** The labels that may name a Lifeguard target, in the order they are tried. */
export const TARGET_LABELS = ['target', 'instance', 'datname', 'server'] as const;

export interface WebhookOutcome {
  /** Alerts in the payload. */
  received: number;
  /** Incidents opened, as "INC-n". */
  opened: string[];
  /** Firing alerts added to an incident already open. */
  joined: number;
  resolved: number;
  /** Repeats of what was already recorded (Alertmanager re-sends every repeat_interval). */
  duplicates: number;
}

type Target = { id: string; name: string };

/**
 * Records one webhook: a firing alert opens an incident, or joins the open incident of its target
 * (or, with no target, of its Alertmanager group); a resolved alert is noted on that incident; a
 * repeat (same fingerprint and startsAt, same status) changes nothing. One transaction, serialised
 * by an advisory lock, so two webhooks for the same target cannot open two incidents.
 */
export async function receiveAlertmanagerWebhook(db: Db, actor: Actor, payload: AlertmanagerWebhook): Promise<WebhookOutcome> {
  return transaction(db, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('lifeguard:alertmanager-webhook'))`;
    const now = await storeNow(tx);
    const targets = await tx.target.findMany({ select: { id: true, name: true } });
    const byName = new Map(targets.map((target) => [target.name, target]));
    const outcome: WebhookOutcome = { received: payload.alerts.length, opened: [], joined: 0, resolved: 0, duplicates: 0 };
    for (const alert of payload.alerts) {
      const target = targetOf(alert, byName);
      if (alert.status === 'firing') await recordFiring(tx, actor, payload, alert, target, now, outcome);
      else await recordResolved(tx, actor, payload, alert, target, now, outcome);
    }
    return outcome;
  });
}

export function targetOf(alert: AlertmanagerAlert, byName: Map<string, Target>): Target | null {
  for (const label of TARGET_LABELS) {
    const value = alert.labels[label];
    const target = value === undefined ? undefined : byName.get(value);
    if (target) return target;
  }
  return null;
}

async function recordFiring(tx: Tx, actor: Actor, payload: AlertmanagerWebhook, alert: AlertmanagerAlert, target: Target | null, now: Date, outcome: WebhookOutcome) {
  const key = { fingerprint: alert.fingerprint, startsAt: alert.startsAt };
  const known = await tx.externalAlert.findUnique({ where: { fingerprint_startsAt: key } });
  if (known) {
    outcome.duplicates += 1;
    return;
  }
  let incidentId = await openIncidentFor(tx, target, payload.groupKey);
  if (incidentId) {
    outcome.joined += 1;
  } else {
    incidentId = await createIncidentIn(tx, actor, {
      title: titleOf(alert),
      severity: severityOf(alert.labels.severity),
      by: actor.name,
      startedAt: alert.startsAt < now ? alert.startsAt : now,
      detectedAt: now,
      targetIds: target ? [target.id] : [],
      impact: alert.annotations.description ?? '',
    });
    const incident = await tx.incident.findUniqueOrThrow({ where: { id: incidentId }, select: { number: true } });
    outcome.opened.push(`INC-${incident.number}`);
  }
  await tx.externalAlert.create({
    data: { ...key, groupKey: payload.groupKey, alertname: alertname(alert), status: 'firing', labels: toJson(alert.labels), targetId: target?.id ?? null, incidentId },
  });
  await note(tx, actor, incidentId, now, payload, alert, `${alertname(alert)} firing${summary(alert)}`);
}

async function recordResolved(tx: Tx, actor: Actor, payload: AlertmanagerWebhook, alert: AlertmanagerAlert, target: Target | null, now: Date, outcome: WebhookOutcome) {
  const key = { fingerprint: alert.fingerprint, startsAt: alert.startsAt };
  const known = await tx.externalAlert.findUnique({ where: { fingerprint_startsAt: key } });
  if (known?.status === 'resolved') {
    outcome.duplicates += 1;
    return;
  }
  outcome.resolved += 1;
  const resolvedAt = endOf(alert) ?? now;
  // A resolution whose firing Lifeguard never saw (sent before the integration existed) is kept too.
  const incidentId = known ? known.incidentId : await openIncidentFor(tx, target, payload.groupKey);
  const data = { status: 'resolved', resolvedAt, incidentId };
  if (known) await tx.externalAlert.update({ where: { id: known.id }, data });
  else await tx.externalAlert.create({ data: { ...key, ...data, groupKey: payload.groupKey, alertname: alertname(alert), labels: toJson(alert.labels), targetId: target?.id ?? null } });
  if (incidentId) await note(tx, actor, incidentId, resolvedAt, payload, alert, `${alertname(alert)} resolved`);
}

/** The open incident of the target, else the open incident an alert of the same group opened. */
async function openIncidentFor(tx: Tx, target: Target | null, groupKey: string): Promise<string | null> {
  if (target) {
    const linked = await tx.incident.findFirst({
      where: { status: { not: 'resolved' }, targets: { some: { targetId: target.id } } },
      orderBy: { startedAt: 'desc' },
      select: { id: true },
    });
    return linked?.id ?? null;
  }
  const grouped = await tx.externalAlert.findFirst({
    where: { groupKey, incident: { status: { not: 'resolved' } } },
    orderBy: { receivedAt: 'desc' },
    select: { incidentId: true },
  });
  return grouped?.incidentId ?? null;
}

async function note(tx: Tx, actor: Actor, incidentId: string, at: Date, payload: AlertmanagerWebhook, alert: AlertmanagerAlert, body: string) {
  await recordEntries(tx, incidentId, actor.name, at, [
    {
      kind: 'alert',
      body: `Alertmanager: ${body}`,
      data: {
        source: 'alertmanager',
        receiver: payload.receiver,
        status: alert.status,
        fingerprint: alert.fingerprint,
        labels: alert.labels,
        annotations: alert.annotations,
        generatorURL: alert.generatorURL,
        startsAt: alert.startsAt.toISOString(),
        endsAt: endOf(alert)?.toISOString() ?? null,
      },
    },
  ]);
  await announceIncident(tx, incidentId);
}

const alertname = (alert: AlertmanagerAlert) => alert.labels.alertname ?? 'alert';
const summary = (alert: AlertmanagerAlert) => (alert.annotations.summary ? `: ${alert.annotations.summary}` : '');

function titleOf(alert: AlertmanagerAlert): string {
  return `${alertname(alert)}${summary(alert)}`.slice(0, 200);
}

/** critical/page → SEV2, an explicit sev1…sev4 → that, anything else (warning, email, …) → SEV3. */
export function severityOf(label: string | undefined): IncidentSeverity {
  const value = (label ?? '').toLowerCase();
  const explicit = /^sev([1-4])$/.exec(value);
  if (explicit) return `SEV${explicit[1]}` as IncidentSeverity;
  return value === 'critical' || value === 'page' ? 'SEV2' : 'SEV3';
}

/** endsAt of a resolved alert; Alertmanager sends the zero time "0001-01-01T00:00:00Z" while firing. */
function endOf(alert: AlertmanagerAlert): Date | null {
  if (!alert.endsAt || alert.endsAt.startsWith('0001-')) return null;
  const at = new Date(alert.endsAt.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(at.getTime()) ? null : at;
}
