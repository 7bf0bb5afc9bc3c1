import 'server-only';
import { systemActor } from '../accounts/actor';
import type { Db } from '../store/db';
import type { Alert, AlertRule } from '../generated/prisma/client';
import { announceIncident } from '../events/channels';
import { createIncident } from '../incidents/create';
import { recordEntries, type RecordedEntry } from '../incidents/timeline';
import { transaction, type Tx } from '../store/transaction';
import { METRIC_REGISTRY, type AlertMetric } from './rule-metrics';
import type { Transition } from './persist';
import type { RoundData } from './round-data';
import { summarize } from './summary';
import { toRuleView } from './rules';

/** The author of everything Lifeguard writes into an incident by itself. */
export const LIFEGUARD = 'Lifeguard';
const LIFEGUARD_ACTOR = systemActor(LIFEGUARD);
/** Alerts that fired this long before an incident opens are recorded in its timeline. */
const LOOKBACK_MS = 30 * 60 * 1000;
const HOLDERS_NAMED = 3;

/**
 * Firing alerts join the open incident of their target (its timeline gets an 'alert' entry and
 * the alert its incidentId); with none open, a rule with autoIncident opens one, and the
 * target's alerts that fired shortly before (the time-to-exhaustion warning that preceded the
 * refusal) are written in first, each at its own time, so the timeline reads in order.
 * Resolutions of linked alerts are recorded too. Silenced alerts do none of this.
 */
export async function linkIncidents(db: Db, transitions: readonly Transition[], data: RoundData): Promise<void> {
  const order = (t: Transition) => (t.alert.firedAt ?? t.alert.since).getTime();
  for (const transition of [...transitions].filter((t) => !t.silenced).sort((a, b) => order(a) - order(b))) {
    try {
      if (transition.planned.transition === 'firing') await onFiring(db, transition, data);
      else await onResolved(db, transition);
    } catch (error) {
      console.warn(`[alerts] linking alert ${transition.alert.id} to an incident failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function describe(alert: Alert, rule: AlertRule, targetName: string): string {
  const r = toRuleView(rule);
  return summarize({ metric: r.metric, value: alert.value, threshold: r.threshold, comparator: r.comparator, targetName, application: alert.application });
}

function entryData(alert: Alert, rule: AlertRule, extra: object = {}) {
  return { alertId: alert.id, ruleId: rule.id, rule: rule.name, metric: rule.metric, severity: rule.severity, value: alert.value, application: alert.application, ...extra };
}

/**
 * "worksmart-web 94 from 6 addresses, bystander 2": who held the connections when the alert
 * fired, per application — a fleet's instances are one culprit, not six.
 */
function topHolders(data: RoundData, targetId: string) {
  const latest = data.targets.find((target) => target.target.id === targetId)?.latest;
  const byApplication = new Map<string, { name: string; total: number; addresses: number }>();
  for (const holder of latest?.applications ?? []) {
    const app = byApplication.get(holder.name) ?? { name: holder.name, total: 0, addresses: 0 };
    app.total += holder.total;
    app.addresses += 1;
    byApplication.set(holder.name, app);
  }
  return [...byApplication.values()].sort((a, b) => b.total - a.total).slice(0, HOLDERS_NAMED);
}

function describeHolder(holder: { name: string; total: number; addresses: number }): string {
  const name = holder.name === '' ? '(no application_name)' : holder.name;
  return holder.addresses > 1 ? `${name} ${holder.total} from ${holder.addresses} addresses` : `${name} ${holder.total}`;
}

/**
 * Why a refusing or unreachable target is so, in the collector's words (which layer refuses, for
 * a PgBouncer: the pooler's max_client_conn, or the server behind it); null for other metrics.
 */
function reasonOf(data: RoundData, targetId: string, metric: string): string | null {
  if (metric !== 'refusing' && metric !== 'unreachable') return null;
  return data.targets.find((target) => target.target.id === targetId)?.latest?.error ?? null;
}

async function onFiring(db: Db, { alert, planned, targetName }: Transition, data: RoundData): Promise<void> {
  const rule = planned.rule;
  const at = alert.firedAt ?? data.now;
  const holders = rule.scope === 'target' ? topHolders(data, alert.targetId) : [];
  const held = holders.length > 0 ? ` — top holders: ${holders.map(describeHolder).join(', ')}` : '';
  const reason = reasonOf(data, alert.targetId, rule.metric);
  const why = reason ? ` (${reason})` : '';
  const entry = {
    kind: 'alert' as const,
    body: `Alert firing: ${describe(alert, rule, targetName)}${why}${held}`,
    data: entryData(alert, rule, { event: 'firing', topHolders: holders, reason }),
  };

  const open = await db.incident.findFirst({
    where: { status: { not: 'resolved' }, targets: { some: { targetId: alert.targetId } } },
    orderBy: { startedAt: 'desc' },
    select: { id: true },
  });
  if (open) {
    await transaction(db, async (tx) => {
      // An alert that fired in the same round as the one that opened the incident is already on
      // its timeline (recordEarlierAlerts): record each firing once.
      const recorded = await tx.timelineEntry.count({
        where: { incidentId: open.id, kind: 'alert', at, data: { path: ['alertId'], equals: alert.id } },
      });
      if (recorded > 0) return;
      await recordEntries(tx, open.id, LIFEGUARD, at, [entry]);
      await tx.alert.update({ where: { id: alert.id }, data: { incidentId: open.id } });
      await announceIncident(tx, open.id);
    });
    return;
  }
  if (!rule.autoIncident) return;

  const metric = METRIC_REGISTRY[rule.metric as AlertMetric];
  const startedAt = alert.activeAt ?? at;
  const incident = await createIncident(db, LIFEGUARD_ACTOR, {
    title: `${targetName}: ${alert.application ? `${alert.application} ` : ''}${metric?.headline ?? rule.name}`,
    severity: 'SEV2',
    by: LIFEGUARD,
    startedAt,
    detectedAt: at < startedAt ? startedAt : at,
    impact: '',
    targetIds: [alert.targetId],
  });
  await transaction(db, async (tx) => {
    await recordAlertHistory(tx, incident.id, alert, targetName, new Date(at.getTime() - LOOKBACK_MS), { at, entry });
    await tx.alert.update({ where: { id: alert.id }, data: { incidentId: incident.id } });
    await announceIncident(tx, incident.id);
  });
}

/**
 * Writes the target's alerts of the last minutes, then the one that opened the incident, in time
 * order. Alerts that fired in the same round share an instant: the opening alert is written last
 * among them (it is the consequence), in one call per instant so the order is kept.
 */
async function recordAlertHistory(tx: Tx, incidentId: string, trigger: Alert, targetName: string, since: Date, opening: { at: Date; entry: RecordedEntry }): Promise<void> {
  const earlier = await tx.alert.findMany({
    where: { targetId: trigger.targetId, id: { not: trigger.id }, incidentId: null, firedAt: { gte: since }, state: { in: ['firing', 'resolved'] } },
    include: { rule: true, events: { orderBy: { at: 'desc' }, take: 2 } },
    orderBy: { firedAt: 'asc' },
  });
  const history: { at: Date; entry: RecordedEntry }[] = [];
  for (const alert of earlier) {
    // Each entry says what the alert said then (the value at the transition), not what it says now.
    const at = (to: string) => alert.events.find((event) => event.to === to);
    const text = (to: string) => describe({ ...alert, value: at(to)?.value ?? alert.value }, alert.rule, targetName);
    if (alert.firedAt) {
      history.push({ at: alert.firedAt, entry: { kind: 'alert', body: `Alert firing: ${text('firing')}`, data: entryData(alert, alert.rule, { event: 'firing' }) } });
    }
    if (alert.state === 'resolved' && alert.resolvedAt) {
      history.push({ at: alert.resolvedAt, entry: { kind: 'alert', body: `Alert resolved: ${text('resolved')}`, data: entryData(alert, alert.rule, { event: 'resolved' }) } });
    }
  }
  // Array#sort is stable: pushed last, the opening alert stays after the others of its instant.
  history.push(opening);
  history.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (let i = 0; i < history.length; ) {
    const at = history[i]!.at;
    let j = i;
    while (j < history.length && history[j]!.at.getTime() === at.getTime()) j++;
    await recordEntries(tx, incidentId, LIFEGUARD, at, history.slice(i, j).map((item) => item.entry));
    i = j;
  }
  // Only firing ones stay linked: a resolved one has nothing left to report to the incident.
  await tx.alert.updateMany({ where: { id: { in: earlier.filter((a) => a.state === 'firing').map((a) => a.id) } }, data: { incidentId } });
}

async function onResolved(db: Db, { alert, planned, targetName }: Transition): Promise<void> {
  if (!alert.incidentId) return;
  const incidentId = alert.incidentId;
  const open = await db.incident.count({ where: { id: incidentId, status: { not: 'resolved' } } });
  if (open === 0) return;
  await transaction(db, async (tx) => {
    await recordEntries(tx, incidentId, LIFEGUARD, alert.resolvedAt ?? new Date(), [
      { kind: 'alert', body: `Alert resolved: ${describe(alert, planned.rule, targetName)}`, data: entryData(alert, planned.rule, { event: 'resolved' }) },
    ]);
    await announceIncident(tx, incidentId);
  });
}
