import { z } from 'zod';

/**
 * Alertmanager's webhook payload, version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config).
 * Grafana's alerting webhook sends the same shape with extra fields (orgId, title, message, values,
 * …), which are accepted and ignored. Only what Lifeguard uses is required.
 */
const MAX_ALERTS = 1_000;

const labelMap = (name: string) =>
  z.record(z.string(), z.string({ error: `${name} values must be text` }), { error: `${name} must be an object of text values` });

/** Alertmanager writes nanoseconds ("…:01.123456789Z"); a JavaScript Date keeps milliseconds. */
const instant = z.iso
  .datetime({ offset: true, error: 'must be an RFC 3339 time, e.g. 2026-11-29T12:00:00Z' })
  .transform((value) => new Date(value.replace(/(\.\d{3})\d+/, '$1')));

export const alertmanagerAlertSchema = z.object({
  status: z.enum(['firing', 'resolved'], { error: 'status must be firing or resolved' }),
  labels: labelMap('labels'),
  annotations: labelMap('annotations').default({}),
  startsAt: instant,
  endsAt: z.string().optional(),
  generatorURL: z.string({ error: 'generatorURL must be text' }).max(4_000).default(''),
  fingerprint: z.string({ error: 'fingerprint is required' }).min(1, 'fingerprint is required').max(200),
});

export const alertmanagerWebhookSchema = z.object({
  version: z.literal('4', { error: 'version must be "4" (Alertmanager webhook payload version 4)' }),
  groupKey: z.string({ error: 'groupKey is required' }).max(4_000),
  status: z.enum(['firing', 'resolved'], { error: 'status must be firing or resolved' }),
  receiver: z.string({ error: 'receiver is required' }),
  externalURL: z.string().default(''),
  alerts: z.array(alertmanagerAlertSchema, { error: 'alerts must be a list' }).max(MAX_ALERTS, `at most ${MAX_ALERTS} alerts`),
});

export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;
export type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;

export const MAX_WEBHOOK_BYTES = 1024 * 1024;
