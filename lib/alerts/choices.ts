/**
 * The lists alert rules and receivers choose from, without zod: the rule and receiver pages'
 * pickers read them, and zod would weigh on those pages' first load (issue 12). The schema builds
 * its enums from these same lists and re-exports them.
 */

/** An alert's severity (a rule's); not an incident's SEV1–4 (lib/incidents/choices.ts). */
export const ALERT_SEVERITIES = ['warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const COMPARATORS = ['above', 'below'] as const;
export const SCOPES = ['target', 'application'] as const;

/**
 * webhook: Lifeguard's JSON; slack: a Slack-compatible incoming webhook; pagerduty: the Events
 * API v2 (url https://events.pagerduty.com/v2/enqueue plus a routing key); alertmanager: the
 * team's own Alertmanager (url its base address; alerts go to /api/v2/alerts).
 */
export const RECEIVER_KINDS = ['webhook', 'slack', 'pagerduty', 'alertmanager'] as const;
export type ReceiverKind = (typeof RECEIVER_KINDS)[number];

/** What a receiver can group alerts by (lib/alerts/notify/grouping.ts). */
export const GROUP_BY_LABELS = ['target', 'rule', 'severity', 'application'] as const;
export type GroupByLabel = (typeof GROUP_BY_LABELS)[number];
