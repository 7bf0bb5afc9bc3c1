import type { AlertView } from '../views';

/**
 * What a receiver is sent: one message per group of alerts (lib/alerts/notify/grouping.ts),
 * listing every alert of the group still firing and what resolved since the group's last
 * message. Generic webhooks get it as JSON (WebhookPayload below, the documented shape);
 * Slack-compatible incoming webhooks get `text` (shown in notifications and by clients without
 * blocks) and `blocks`. Built when the group is flushed and stored with the
 * delivery, so a retry minutes later still describes that moment. Pure.
 */

export type DeliveryEvent = 'firing' | 'resolved';

/** Stored in Delivery.payload. */
export interface GroupNotification {
  groupKey: string;
  groupLabels: Record<string, string>;
  /** firing while anything in the group fires; resolved when the message closes the group. */
  status: DeliveryEvent;
  firing: AlertView[];
  resolved: AlertView[];
}

/** The generic webhook's body (version 2: one message per group; version 1 carried one alert). */
export interface WebhookPayload extends GroupNotification {
  version: 2;
  /** "[FIRING · critical] production: 2 firing, 1 resolved" */
  title: string;
  /** Lifeguard's address; every alert's chartUrl is absolute here. */
  lifeguardUrl: string;
}

export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

export type SlackBlock =
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] };

/** Slack refuses a section over 3000 characters: a long list ends in "…and N more". */
const SLACK_LINES = 10;

/** "production", "production · Connection usage critical", or "every alert" for one group of all. */
export function groupName(message: Pick<GroupNotification, 'groupLabels'>): string {
  const { targetName, rule, severity, application } = message.groupLabels;
  const parts = [targetName, rule, application, severity].filter((part): part is string => part !== undefined && part !== '');
  return parts.length > 0 ? parts.join(' · ') : 'every alert';
}

export function messageTitle(message: GroupNotification): string {
  const critical = message.firing.some((alert) => alert.severity === 'critical');
  const mark = message.status === 'resolved' ? 'RESOLVED' : critical ? 'FIRING · critical' : 'FIRING · warning';
  const counts = [
    ...(message.firing.length > 0 ? [`${message.firing.length} firing`] : []),
    ...(message.resolved.length > 0 ? [`${message.resolved.length} resolved`] : []),
  ];
  return `[${mark}] ${groupName(message)}: ${counts.join(', ')}`;
}

export function webhookPayload(message: GroupNotification, lifeguardUrl: string): WebhookPayload {
  const linked = (alert: AlertView): AlertView => ({ ...alert, chartUrl: absolute(lifeguardUrl, alert.chartUrl) });
  return {
    version: 2,
    title: messageTitle(message),
    groupKey: message.groupKey,
    groupLabels: message.groupLabels,
    status: message.status,
    firing: message.firing.map(linked),
    resolved: message.resolved.map(linked),
    lifeguardUrl,
  };
}

export function slackPayload(message: GroupNotification, lifeguardUrl: string): SlackPayload {
  const line = (alert: AlertView, when: string) =>
    `• ${alert.severity === 'critical' ? '*critical*' : 'warning'} · ${escapeSlack(alert.summary)} (${escapeSlack(alert.rule)}, ${when}) <${absolute(lifeguardUrl, alert.chartUrl)}|chart>`;
  const list = (heading: string, lines: string[]): SlackBlock[] => {
    if (lines.length === 0) return [];
    const more = lines.length > SLACK_LINES ? [`…and ${lines.length - SLACK_LINES} more in Lifeguard`] : [];
    return [{ type: 'section', text: { type: 'mrkdwn', text: [`*${heading}*`, ...lines.slice(0, SLACK_LINES), ...more].join('\n') } }];
  };
  const title = messageTitle(message);
  return {
    text: title,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${escapeSlack(title)}*` } },
      ...list('Firing', message.firing.map((alert) => line(alert, `firing since ${alert.firedAt ?? alert.since}`))),
      ...list('Resolved', message.resolved.map((alert) => line(alert, `resolved at ${alert.resolvedAt ?? alert.since}`))),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<${absolute(lifeguardUrl, '/alerts')}|Open the alerts in Lifeguard>` }] },
    ],
  };
}

/** Slack's mrkdwn treats &, < and > as control characters. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function absolute(base: string, path: string): string {
  return new URL(path, base.endsWith('/') ? base : `${base}/`).toString();
}
