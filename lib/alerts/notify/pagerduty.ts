import type { AlertView } from '../views';
import { absolute, type GroupNotification } from './payload';

/**
 * PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/overview/).
 * PagerDuty keeps one incident per dedup_key, so a group message (lib/alerts/notify/grouping.ts)
 * becomes one event per alert in it: trigger for each firing alert, resolve for each resolved
 * one. Re-sending the same trigger (a repeat, a retry) is harmless: PagerDuty folds it into the
 * open incident with that key. Pure.
 */

export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve';

export interface PagerDutyEvent {
  routing_key: string;
  event_action: PagerDutyAction;
  dedup_key: string;
  /** Required for trigger only; PagerDuty ignores it on acknowledge and resolve. */
  payload?: {
    summary: string;
    source: string;
    severity: 'critical' | 'warning';
    timestamp?: string;
    component?: string;
    group: string;
    class: string;
    custom_details: Record<string, string | number | null>;
  };
  links?: { href: string; text: string }[];
  client: string;
  client_url: string;
}

/** PagerDuty cuts a longer summary; cutting it here keeps the end readable ("…"). */
const MAX_SUMMARY = 1024;

/**
 * One key per alert episode: the same alert firing again later is a new PagerDuty incident, while
 * the trigger, its repeats, the acknowledge and the resolve of one episode all land on the same one.
 */
export function pagerDutyDedupKey(alert: Pick<AlertView, 'id' | 'firedAt' | 'since'>): string {
  return `lifeguard/${alert.id}/${alert.firedAt ?? alert.since}`;
}

export function pagerDutyEvents(message: GroupNotification, routingKey: string, lifeguardUrl: string): PagerDutyEvent[] {
  return [
    ...message.firing.map((alert) => pagerDutyEvent(alert, 'trigger', routingKey, lifeguardUrl)),
    ...message.resolved.map((alert) => pagerDutyEvent(alert, 'resolve', routingKey, lifeguardUrl)),
  ];
}

export function pagerDutyEvent(alert: AlertView, action: PagerDutyAction, routingKey: string, lifeguardUrl: string): PagerDutyEvent {
  const common = { routing_key: routingKey, event_action: action, dedup_key: pagerDutyDedupKey(alert), client: 'Lifeguard', client_url: absolute(lifeguardUrl, '/alerts') };
  if (action !== 'trigger') return common;
  const summary = alert.summary.length > MAX_SUMMARY ? `${alert.summary.slice(0, MAX_SUMMARY - 1)}…` : alert.summary;
  return {
    ...common,
    payload: {
      summary,
      source: alert.targetName,
      // Lifeguard's two severities are PagerDuty's of the same names.
      severity: alert.severity,
      ...(alert.firedAt ? { timestamp: alert.firedAt } : {}),
      ...(alert.application ? { component: alert.application } : {}),
      group: alert.targetName,
      class: alert.rule,
      custom_details: { metric: alert.metric, value: alert.value, threshold: alert.threshold, comparator: alert.comparator },
    },
    links: [
      { href: absolute(lifeguardUrl, alert.chartUrl), text: 'Chart in Lifeguard' },
      ...(alert.incidentId ? [{ href: absolute(lifeguardUrl, `/incidents/${alert.incidentId}`), text: 'Incident in Lifeguard' }] : []),
    ],
  };
}
