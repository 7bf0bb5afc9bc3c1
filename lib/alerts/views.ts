import 'server-only';
import type { Alert, AlertRule } from '../generated/prisma/client';
import type { AlertState } from './state-machine';
import type { AlertMetric } from './rule-metrics';
import type { AlertSeverity } from './schema';
import { toRuleView } from './rules';
import { chartUrl, summarize } from './summary';

/** An alert as GET /api/alerts returns it, and as webhooks carry it. */
export interface AlertView {
  id: string;
  ruleId: string;
  /** The rule's name. */
  rule: string;
  metric: AlertMetric;
  scope: 'target' | 'application';
  severity: AlertSeverity;
  state: AlertState;
  targetId: string;
  targetName: string;
  /** '' for target-scope rules. */
  application: string;
  value: number | null;
  threshold: number;
  comparator: 'above' | 'below';
  forSeconds: number;
  keepFiringForSeconds: number;
  since: string;
  activeAt: string | null;
  firedAt: string | null;
  resolvedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  silenced: boolean;
  silencedUntil: string | null;
  incidentId: string | null;
  summary: string;
  /** The target's chart around the alert (a path on Lifeguard). */
  chartUrl: string;
}

export interface SilenceLike {
  ruleId: string | null;
  targetId: string | null;
  startsAt: Date;
  endsAt: Date;
}

/** The end of the longest silence matching the alert at `now`, or null when none does. */
export function silencedUntil(silences: readonly SilenceLike[], ruleId: string, targetId: string, now: Date): Date | null {
  let until: Date | null = null;
  for (const silence of silences) {
    if (silence.startsAt > now || silence.endsAt <= now) continue;
    if (silence.ruleId !== null && silence.ruleId !== ruleId) continue;
    if (silence.targetId !== null && silence.targetId !== targetId) continue;
    if (until === null || silence.endsAt > until) until = silence.endsAt;
  }
  return until;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toAlertView(row: Alert, rule: AlertRule, targetName: string, silenced: Date | null): AlertView {
  const r = toRuleView(rule);
  return {
    id: row.id,
    ruleId: row.ruleId,
    rule: r.name,
    metric: r.metric,
    scope: r.scope,
    severity: r.severity,
    state: row.state as AlertState,
    targetId: row.targetId,
    targetName,
    application: row.application,
    value: row.value,
    threshold: r.threshold,
    comparator: r.comparator,
    forSeconds: r.forSeconds,
    keepFiringForSeconds: r.keepFiringForSeconds,
    since: row.since.toISOString(),
    activeAt: iso(row.activeAt),
    firedAt: iso(row.firedAt),
    resolvedAt: iso(row.resolvedAt),
    acknowledgedBy: row.acknowledgedBy,
    acknowledgedAt: iso(row.acknowledgedAt),
    silenced: silenced !== null,
    silencedUntil: iso(silenced),
    incidentId: row.incidentId,
    summary: summarize({ metric: r.metric, value: row.value, threshold: r.threshold, comparator: r.comparator, targetName, application: row.application }),
    chartUrl: chartUrl(row.targetId, row.activeAt, row.since, row.resolvedAt),
  };
}
