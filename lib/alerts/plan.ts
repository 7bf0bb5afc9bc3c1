import 'server-only';
import type { Alert, AlertRule } from '../generated/prisma/client';
import { METRIC_REGISTRY, metricAppliesTo, type AlertMetric } from './rule-metrics';
import type { RoundData } from './round-data';
import { evaluate, initialStatus, type AlertState, type AlertStatus, type AlertTiming } from './state-machine';
import type { TargetData } from './types';

/**
 * One evaluation round, decided without the store: every enabled rule × applicable target
 * (× reporting application) gets its value and its next state from the state machine; what
 * changed is returned for lib/alerts/evaluator.ts to write. Pure.
 */

export interface AlertFields {
  state: AlertState;
  value: number | null;
  since: Date;
  activeAt: Date | null;
  falseSince: Date | null;
  firedAt: Date | null;
  resolvedAt: Date | null;
}

export interface PlannedAlert {
  rule: AlertRule;
  targetId: string;
  application: string;
  previous: Alert | null;
  next: AlertFields;
  /** The alert starts over (from inactive or resolved): acknowledgement and incident link go. */
  newEpisode: boolean;
  transition: 'firing' | 'resolved' | null;
}

export const alertKey = (ruleId: string, targetId: string, application: string) => `${ruleId}|${targetId}|${application}`;

export function ruleTiming(rule: Pick<AlertRule, 'threshold' | 'comparator' | 'forSeconds' | 'hysteresis' | 'keepFiringForSeconds'>): AlertTiming {
  return {
    threshold: rule.threshold,
    direction: rule.comparator === 'below' ? 'below' : 'above',
    forMs: rule.forSeconds * 1000,
    hysteresis: rule.hysteresis,
    keepFiringForMs: rule.keepFiringForSeconds * 1000,
  };
}

interface Observation {
  rule: AlertRule;
  targetId: string;
  application: string;
  value: number | null;
}

/** Every series the enabled rules watch now, with its value. */
export function observe(data: Pick<RoundData, 'rules' | 'targets'>, now: number): Observation[] {
  const out: Observation[] = [];
  for (const rule of data.rules) {
    const definition = METRIC_REGISTRY[rule.metric as AlertMetric] as (typeof METRIC_REGISTRY)[AlertMetric] | undefined;
    if (!definition) continue; // a metric this version does not know: skip rather than crash the round
    for (const target of data.targets) {
      if (rule.targetId !== null && rule.targetId !== target.target.id) continue;
      if (!metricAppliesTo(rule.metric as AlertMetric, target.target.kind)) continue;
      if (definition.scope === 'target') {
        out.push({ rule, targetId: target.target.id, application: '', value: definition.value(target, now) });
        continue;
      }
      for (const [application, reports] of byApplication(target)) {
        out.push({ rule, targetId: target.target.id, application, value: definition.value(reports) });
      }
    }
  }
  return out;
}

function byApplication(target: TargetData): Map<string, TargetData['reports']> {
  const groups = new Map<string, TargetData['reports']>();
  for (const report of target.reports) groups.set(report.application, [...(groups.get(report.application) ?? []), report]);
  return groups;
}

export function planRound(data: Pick<RoundData, 'rules' | 'targets' | 'stored'>, now: number): PlannedAlert[] {
  const stored = new Map(data.stored.map((row) => [alertKey(row.ruleId, row.targetId, row.application), row]));
  const observations = observe(data, now);
  const seen = new Set(observations.map((o) => alertKey(o.rule.id, o.targetId, o.application)));
  // An alert whose series went away (an application stopped reporting) sees "no data", which
  // resolves it instead of leaving it firing forever.
  const rules = new Map(data.rules.map((rule) => [rule.id, rule]));
  const targets = new Set(data.targets.map((target) => target.target.id));
  for (const row of data.stored) {
    const rule = rules.get(row.ruleId);
    if (!rule || !targets.has(row.targetId) || seen.has(alertKey(row.ruleId, row.targetId, row.application))) continue;
    if (row.state === 'pending' || row.state === 'firing') observations.push({ rule, targetId: row.targetId, application: row.application, value: null });
  }
  const planned: PlannedAlert[] = [];
  for (const observation of observations) {
    const previous = stored.get(alertKey(observation.rule.id, observation.targetId, observation.application)) ?? null;
    const change = step(observation, previous, now);
    if (change) planned.push(change);
  }
  return planned;
}

function statusOf(row: Alert | null, now: number): AlertStatus {
  if (!row) return initialStatus(now);
  return {
    state: row.state as AlertState,
    since: row.since.getTime(),
    activeAt: row.activeAt?.getTime() ?? null,
    falseSince: row.falseSince?.getTime() ?? null,
    value: row.value,
  };
}

/** The change to write for one series, or null when nothing worth writing changed. */
export function step(observation: Observation, previous: Alert | null, now: number): PlannedAlert | null {
  const before = statusOf(previous, now);
  const after = evaluate(ruleTiming(observation.rule), before, observation.value, now);
  const was = before.state;
  // A resolved alert stays 'resolved' (with its times) until it becomes active again, so the
  // list can show what resolved; the state machine itself treats resolved and inactive alike.
  if (after.state === 'inactive' && (was === 'inactive' || was === 'resolved')) return null;
  const changedState = after.state !== was;
  if (!changedState && after.value === before.value && after.falseSince === before.falseSince) return null;

  const newEpisode = (was === 'inactive' || was === 'resolved') && (after.state === 'pending' || after.state === 'firing');
  const firing = after.state === 'firing' && was !== 'firing';
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return {
    rule: observation.rule,
    targetId: observation.targetId,
    application: observation.application,
    previous,
    newEpisode,
    transition: firing ? 'firing' : was === 'firing' && after.state === 'resolved' ? 'resolved' : null,
    next: {
      state: after.state,
      value: after.value,
      since: new Date(after.since),
      // Kept through resolution: the chart link and the history need to know when it began.
      activeAt: after.state === 'resolved' ? (previous?.activeAt ?? null) : date(after.activeAt),
      falseSince: date(after.falseSince),
      firedAt: firing ? new Date(now) : newEpisode || after.state === 'inactive' ? null : (previous?.firedAt ?? null),
      resolvedAt: after.state === 'resolved' ? new Date(now) : newEpisode ? null : (previous?.resolvedAt ?? null),
    },
  };
}
