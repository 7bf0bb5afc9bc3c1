import { z } from 'zod';
import { personSchema } from '../accounts/schema';
import { ALERT_SEVERITIES, COMPARATORS, GROUP_BY_LABELS, RECEIVER_KINDS, SCOPES } from './choices';
import { ALERT_METRICS } from './rule-metrics';

/** The alerting resources as people send them; one schema each, shared by forms and handlers. */

export { ALERT_SEVERITIES, COMPARATORS, GROUP_BY_LABELS, RECEIVER_KINDS, SCOPES, type AlertSeverity, type GroupByLabel, type ReceiverKind } from './choices';

/** One of the metrics of lib/alerts/rule-metrics.ts (the registry stays free of zod: the rule form lists them). */
export const alertMetricSchema = z.enum(ALERT_METRICS, { error: `metric must be one of ${ALERT_METRICS.join(', ')}` });

const name = z.string({ error: 'name is required' }).trim().min(1, 'name is required').max(120, 'name is at most 120 characters');
const threshold = z.number({ error: 'threshold must be a number' }).finite('threshold must be a finite number');
const forSeconds = z
  .number({ error: 'forSeconds must be a number of seconds' })
  .int('forSeconds must be a whole number of seconds')
  .min(0, 'forSeconds must be ≥ 0')
  .max(86_400, 'forSeconds must be at most 86400 (a day)');
const keepFiringForSeconds = z
  .number({ error: 'keepFiringForSeconds must be a number of seconds' })
  .int('keepFiringForSeconds must be a whole number of seconds')
  .min(0, 'keepFiringForSeconds must be ≥ 0')
  .max(86_400, 'keepFiringForSeconds must be at most 86400 (a day)');
const hysteresis = z.number({ error: 'hysteresis must be a number' }).finite().min(0, 'hysteresis must be ≥ 0');
const severity = z.enum(ALERT_SEVERITIES, { error: `severity must be one of ${ALERT_SEVERITIES.join(', ')}` });
const comparator = z.enum(COMPARATORS, { error: `comparator must be one of ${COMPARATORS.join(', ')}` });
const scope = z.enum(SCOPES, { error: `scope must be one of ${SCOPES.join(', ')}` });
const targetId = z.uuid({ error: 'targetId must be a target id' }).nullable();
const autoIncident = z.boolean({ error: 'autoIncident must be true or false' });
const enabled = z.boolean({ error: 'enabled must be true or false' });

export const alertRuleCreateSchema = z.strictObject({
  name,
  metric: alertMetricSchema,
  /** Defaults to the metric's own scope; a different one is refused. */
  scope: scope.optional(),
  targetId: targetId.optional(),
  comparator: comparator.default('above'),
  threshold,
  forSeconds: forSeconds.default(0),
  keepFiringForSeconds: keepFiringForSeconds.default(0),
  hysteresis: hysteresis.default(0),
  severity: severity.default('warning'),
  autoIncident: autoIncident.default(false),
  enabled: enabled.default(true),
});
export type AlertRuleCreateInput = z.infer<typeof alertRuleCreateSchema>;

/**
 * PATCH /api/alert-rules/{id}: any subset. Written out field by field rather than as
 * `alertRuleCreateSchema.partial()`, which would fill in the create defaults and reset them.
 */
export const alertRuleUpdateSchema = z.strictObject({
  name: name.optional(),
  metric: alertMetricSchema.optional(),
  scope: scope.optional(),
  targetId: targetId.optional(),
  comparator: comparator.optional(),
  threshold: threshold.optional(),
  forSeconds: forSeconds.optional(),
  keepFiringForSeconds: keepFiringForSeconds.optional(),
  hysteresis: hysteresis.optional(),
  severity: severity.optional(),
  autoIncident: autoIncident.optional(),
  enabled: enabled.optional(),
});
export type AlertRuleUpdateInput = z.infer<typeof alertRuleUpdateSchema>;

/** What a built-in rule lets people change; the rest is what makes it the built-in. */
export const BUILT_IN_EDITABLE = ['threshold', 'forSeconds', 'keepFiringForSeconds', 'hysteresis', 'enabled', 'autoIncident'] as const;

export const alertListQuerySchema = z.strictObject({
  state: z
    .enum(['active', 'firing', 'pending', 'resolved', 'all'], { error: 'state must be one of active, firing, pending, resolved, all' })
    .default('active'),
  targetId: z.uuid({ error: 'targetId must be a target id' }).optional(),
});
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;

export const acknowledgeSchema = z.strictObject({ by: personSchema });
export type AcknowledgeInput = z.infer<typeof acknowledgeSchema>;

export const MAX_SILENCE_MINUTES = 10_080;

export const silenceCreateSchema = z.strictObject({
  by: personSchema,
  ruleId: z.uuid({ error: 'ruleId must be an alert rule id' }).optional(),
  targetId: z.uuid({ error: 'targetId must be a target id' }).optional(),
  durationMinutes: z
    .number({ error: 'durationMinutes must be a number of minutes' })
    .int('durationMinutes must be a whole number of minutes')
    .min(1, 'durationMinutes must be at least 1')
    .max(MAX_SILENCE_MINUTES, `durationMinutes must be at most ${MAX_SILENCE_MINUTES} (a week)`),
  reason: z.string({ error: 'reason must be text' }).trim().max(500, 'reason is at most 500 characters').default(''),
});
export type SilenceCreateInput = z.infer<typeof silenceCreateSchema>;

const receiverKind = z.enum(RECEIVER_KINDS, { error: `kind must be one of ${RECEIVER_KINDS.join(', ')}` });

const receiverUrl = z
  .string({ error: 'url is required' })
  .trim()
  .max(2048, 'url is at most 2048 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'url must be an http:// or https:// URL');


const groupBy = z
  .array(z.enum(GROUP_BY_LABELS, { error: `groupBy entries must be among ${GROUP_BY_LABELS.join(', ')}` }), { error: `groupBy must be a list of ${GROUP_BY_LABELS.join(', ')}` })
  .refine((labels) => new Set(labels).size === labels.length, 'groupBy lists a label twice');
const seconds = (field: string, min: number, max: number, maxText: string) =>
  z
    .number({ error: `${field} must be a number of seconds` })
    .int(`${field} must be a whole number of seconds`)
    .min(min, `${field} must be ≥ ${min}`)
    .max(max, `${field} must be at most ${max} (${maxText})`);
const groupWaitSeconds = seconds('groupWaitSeconds', 0, 3_600, 'an hour');
const groupIntervalSeconds = seconds('groupIntervalSeconds', 1, 86_400, 'a day');
const repeatIntervalSeconds = seconds('repeatIntervalSeconds', 60, 604_800, 'a week');

/** A PagerDuty Events v2 integration key: 32 characters, letters and digits. */
const routingKey = z
  .string({ error: 'routingKey must be text' })
  .trim()
  .regex(/^[A-Za-z0-9]{32}$/, 'routingKey must be the 32-character integration key of a PagerDuty Events API v2 integration');

const defaultChannel = z.boolean({ error: 'defaultChannel must be true or false' });
export const DEFAULT_CHANNEL_SLACK_ONLY = 'only a slack receiver can be the default incident channel';

export const receiverCreateSchema = z
  .strictObject({
    name,
    kind: receiverKind.default('webhook'),
    url: receiverUrl,
    /** pagerduty only, and required there. */
    routingKey: routingKey.optional(),
    enabled: enabled.default(true),
    groupBy: groupBy.default(['target']),
    /** Warnings only: a critical never waits. */
    groupWaitSeconds: groupWaitSeconds.default(10),
    groupIntervalSeconds: groupIntervalSeconds.default(300),
    repeatIntervalSeconds: repeatIntervalSeconds.default(14_400),
    /** slack only: incidents without a channel of their own post here (one receiver at most: marking one unmarks the other). */
    defaultChannel: defaultChannel.default(false),
  })
  .superRefine((input, context) => {
    if (input.defaultChannel && input.kind !== 'slack') context.addIssue({ code: 'custom', path: ['defaultChannel'], message: DEFAULT_CHANNEL_SLACK_ONLY });
    if (input.kind === 'pagerduty' && input.routingKey === undefined) context.addIssue({ code: 'custom', path: ['routingKey'], message: 'routingKey is required for a pagerduty receiver' });
    if (input.kind !== 'pagerduty' && input.routingKey !== undefined) context.addIssue({ code: 'custom', path: ['routingKey'], message: 'routingKey is for pagerduty receivers only' });
  });
export type ReceiverCreateInput = z.infer<typeof receiverCreateSchema>;

export const receiverUpdateSchema = z.strictObject({
  name: name.optional(),
  kind: receiverKind.optional(),
  url: receiverUrl.optional(),
  /** Checked against the receiver's kind by lib/alerts/notify/receivers.ts (the stored kind may be the one that counts). */
  routingKey: routingKey.optional(),
  enabled: enabled.optional(),
  groupBy: groupBy.optional(),
  groupWaitSeconds: groupWaitSeconds.optional(),
  groupIntervalSeconds: groupIntervalSeconds.optional(),
  repeatIntervalSeconds: repeatIntervalSeconds.optional(),
  /** Checked against the receiver's kind by lib/alerts/notify/receivers.ts. */
  defaultChannel: defaultChannel.optional(),
});
export type ReceiverUpdateInput = z.infer<typeof receiverUpdateSchema>;
