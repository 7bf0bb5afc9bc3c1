import { formatDuration } from '../format/duration';
import type { AlertMetric } from './rule-metrics';

/**
 * The sentence an alert is shown and sent with, and the link to its chart. Pure: built from the
 * stored alert and its rule, so the list, the webhook payload and the incident timeline all say
 * the same thing.
 */

export interface SummaryInput {
  metric: AlertMetric;
  value: number | null;
  threshold: number;
  comparator: 'above' | 'below';
  targetName: string;
  /** '' for target-scope alerts. */
  application: string;
}

const number = (value: number) => String(Math.round(value * 10) / 10);

/** The relation the value actually has to the threshold: "≥" while the condition holds. */
function relation(input: SummaryInput, value: number): string {
  if (input.comparator === 'below') return value <= input.threshold ? '≤' : '>';
  return value >= input.threshold ? '≥' : '<';
}

export function summarize(input: SummaryInput): string {
  const { value, targetName: target, application: app, threshold } = input;
  const onTarget = app ? ` on ${target}` : '';
  switch (input.metric) {
    case 'usagePercent':
      return value === null
        ? `Connection usage of ${target} unknown (no figures in the latest sample)`
        : `Connection usage ${number(value)}% ${relation(input, value)} ${number(threshold)}% of usable on ${target}`;
    case 'refusing':
      // Not "(too many clients)": a PgBouncer may refuse for its server's sake; the incident's timeline gives the reason.
      return value !== null && value >= 1 ? `${target} refuses new connections` : `${target} accepts new connections`;
    case 'unreachable':
      return value !== null && value >= 1 ? `${target} is unreachable` : `${target} is reachable`;
    case 'timeToExhaustionSeconds':
      if (value === null) return `${target}: connections are not climbing towards the limit`;
      if (value <= 0) return `${target} has run out of connections`;
      return `${target} will run out of connections in about ${formatDuration(value)}`;
    case 'waiting':
      return `${value ?? 'unknown'} sessions waiting on locks on ${target} (alert at ${relationWord(input)} ${number(threshold)})`;
    case 'oldestXactSeconds':
      return value === null
        ? `No open transaction on ${target}`
        : `Oldest open transaction on ${target} is ${formatDuration(value)} old (alert at ${relationWord(input)} ${formatDuration(threshold)})`;
    case 'poolWaiting':
      return `${app}: ${value ?? 'no'} clients waiting for a pooled connection${onTarget} (alert at ${relationWord(input)} ${number(threshold)})`;
    case 'p95LatencyMs':
      return value === null
        ? `${app}: no queries finished recently${onTarget}`
        : `${app} p95 query latency ${number(value)} ms ${relation(input, value)} ${number(threshold)} ms${onTarget}`;
    case 'poolerWaiting':
      return `${value ?? 'no'} clients waiting for a server connection in PgBouncer ${target} (alert at ${relationWord(input)} ${number(threshold)})`;
    case 'poolerMaxWaitSeconds':
      return value === null
        ? `No pool figures from PgBouncer ${target}`
        : `Oldest client waiting in PgBouncer ${target} for ${formatDuration(value)} ${relation(input, value)} ${formatDuration(threshold)}`;
    case 'errorRate':
      return value === null
        ? `${app}: no queries recently${onTarget}`
        : `${app} query error rate ${number(value)}% ${relation(input, value)} ${number(threshold)}%${onTarget}`;
  }
}

const relationWord = (input: SummaryInput) => (input.comparator === 'below' ? '≤' : '≥');

const CHART_MARGIN_MS = 5 * 60 * 1000;

/**
 * The target's chart around the alert: from 5 min before it became active to its resolution
 * (or 5 min after it became active while it lasts), as the dashboard's shareable range.
 */
export function chartUrl(targetId: string, activeAt: Date | null, since: Date, resolvedAt: Date | null): string {
  const start = (activeAt ?? since).getTime();
  const end = resolvedAt ? resolvedAt.getTime() : start + CHART_MARGIN_MS;
  return `/targets/${targetId}?from=${start - CHART_MARGIN_MS}&to=${end}`;
}
