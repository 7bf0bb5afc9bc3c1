import type { AlertView } from '../views';

/**
 * What a receiver is sent. Generic webhooks get the alert as the API shows it; Slack-compatible
 * incoming webhooks get `text` (shown in notifications and by clients without blocks) and
 * `blocks`. Built when the transition happens, stored with the delivery, so a retry minutes
 * later still describes that moment. Pure.
 */

export type DeliveryEvent = 'firing' | 'resolved';

/** Stored in Delivery.payload. */
export interface QueuedNotification {
  event: DeliveryEvent;
  alert: AlertView;
}

export interface WebhookPayload {
  event: DeliveryEvent;
  alert: AlertView;
  /** Lifeguard's address, and the alert's chart on it. */
  lifeguardUrl: string;
  chartUrl: string;
}

export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

type SlackBlock =
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] };

export function webhookPayload(queued: QueuedNotification, lifeguardUrl: string): WebhookPayload {
  return { event: queued.event, alert: queued.alert, lifeguardUrl, chartUrl: absolute(lifeguardUrl, queued.alert.chartUrl) };
}

export function slackText(queued: QueuedNotification): string {
  const { alert, event } = queued;
  const mark = event === 'resolved' ? 'RESOLVED' : alert.severity === 'critical' ? 'FIRING · critical' : 'FIRING · warning';
  return `[${mark}] ${alert.summary}`;
}

export function slackPayload(queued: QueuedNotification, lifeguardUrl: string): SlackPayload {
  const { alert, event } = queued;
  const when = event === 'resolved' ? `resolved at ${alert.resolvedAt ?? alert.since}` : `firing since ${alert.firedAt ?? alert.since}`;
  return {
    text: slackText(queued),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${escapeSlack(slackText(queued))}*` } },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `${escapeSlack(alert.rule)} · ${escapeSlack(alert.targetName)} · ${when}` },
          { type: 'mrkdwn', text: `<${absolute(lifeguardUrl, alert.chartUrl)}|Open the chart in Lifeguard>` },
        ],
      },
    ],
  };
}

/** Slack's mrkdwn treats &, < and > as control characters. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function absolute(base: string, path: string): string {
  return new URL(path, base.endsWith('/') ? base : `${base}/`).toString();
}
