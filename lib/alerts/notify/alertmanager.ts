import type { AlertView } from '../views';
import { absolute, type GroupNotification } from './payload';

/**
 * The team's own Alertmanager (POST {url}/api/v2/alerts, as Prometheus sends), so its routing,
 * silencing and inhibition apply to Lifeguard's alerts by their labels. One POST per group
 * message, carrying every alert in it: firing ones with an endsAt in the future, resolved ones
 * with endsAt at their resolution. Pure.
 */

export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL: string;
  startsAt: string;
  endsAt: string;
}

/** Where a receiver of kind alertmanager posts, from the Alertmanager's base URL. */
export function alertmanagerAlertsUrl(baseUrl: string): string {
  return absolute(baseUrl, 'api/v2/alerts');
}

/**
 * Alertmanager resolves an alert by itself at its endsAt, as it would a Prometheus that stopped
 * sending. A group still firing is sent again every repeat interval (the receiver's), so a firing
 * alert is promised for two of them: it outlives one late message, and a Lifeguard that is gone
 * stops paging within that time.
 */
export function alertmanagerAlerts(message: GroupNotification, lifeguardUrl: string, now: Date, repeatIntervalSeconds: number): AlertmanagerAlert[] {
  const stillFiring = new Date(now.getTime() + 2 * repeatIntervalSeconds * 1000).toISOString();
  return [
    ...message.firing.map((alert) => alertmanagerAlert(alert, lifeguardUrl, stillFiring)),
    ...message.resolved.map((alert) => alertmanagerAlert(alert, lifeguardUrl, alert.resolvedAt ?? now.toISOString())),
  ];
}

function alertmanagerAlert(alert: AlertView, lifeguardUrl: string, endsAt: string): AlertmanagerAlert {
  const chart = absolute(lifeguardUrl, alert.chartUrl);
  return {
    // Alertmanager drops empty labels; application is there only for application-scope rules.
    labels: { alertname: alert.rule, severity: alert.severity, target: alert.targetName, ...(alert.application ? { application: alert.application } : {}) },
    annotations: { summary: alert.summary, chart, ...(alert.incidentId ? { incident: absolute(lifeguardUrl, `/incidents/${alert.incidentId}`) } : {}) },
    generatorURL: chart,
    startsAt: alert.firedAt ?? alert.since,
    endsAt,
  };
}
