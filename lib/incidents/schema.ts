import { z } from 'zod';
import { personSchema } from '../accounts/schema';
import { INCIDENT_SEVERITIES, STATUSES } from './choices';

/**
 * The incident resources as people send them; each schema is shared by its form and its
 * route handler.
 */

export { INCIDENT_ROLE_LABELS, INCIDENT_ROLES, INCIDENT_SEVERITIES, INCIDENT_SEVERITY_MEANINGS, STATUSES, type IncidentRole, type IncidentSeverity, type IncidentStatus } from './choices';

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with a zone, e.g. 2026-11-26T10:05:00Z' }).transform((value) => new Date(value));

const title = z.string({ error: 'title is required' }).trim().min(1, 'title is required').max(200, 'title is at most 200 characters');
const severity = z.enum(INCIDENT_SEVERITIES, { error: `severity must be one of ${INCIDENT_SEVERITIES.join(', ')}` });
const status = z.enum(STATUSES, { error: `status must be one of ${STATUSES.join(', ')}` });
const longText = (name: string) => z.string({ error: `${name} must be text` }).max(20_000, `${name} is at most 20000 characters`);
const uuid = z.uuid({ error: 'must be an id' });
/** A person's name in an incident role: commander, scribe, communications lead. Empty: nobody yet. */
const role = z.string({ error: 'must be a name' }).trim().max(80, 'a name is at most 80 characters');
const targetIds = z.array(uuid).max(20, 'at most 20 targets');
/** What a person may give when declaring an incident and change later: optional both times. */
const details = {
  impact: longText('impact').optional(),
  commander: role.optional(),
  scribe: role.optional(),
  communicationsLead: role.optional(),
  startedAt: instant.optional(),
  detectedAt: instant.optional(),
};

export const incidentCreateSchema = z.strictObject({
  title,
  severity,
  by: personSchema,
  ...details,
  targetIds: targetIds.optional(),
  /** A checklist template; the default one when absent. */
  templateId: uuid.optional(),
});
export type IncidentCreateInput = z.infer<typeof incidentCreateSchema>;

/** PATCH /api/incidents/{id}: any subset. `resolvedAt` is set on a resolved incident only; reopening (status back from resolved) clears it. */
export const incidentUpdateSchema = z.strictObject({
  by: personSchema,
  title: title.optional(),
  severity: severity.optional(),
  status: status.optional(),
  ...details,
  resolvedAt: instant.nullable().optional(),
  targetIds: targetIds.optional(),
  /** The Slack receiver its updates are posted to; null: the default channel (docs/operations.md). */
  channelId: uuid.nullable().optional(),
});
export type IncidentUpdateInput = z.infer<typeof incidentUpdateSchema>;

export const incidentListQuerySchema = z.strictObject({
  status: z.union([status, z.literal('open')]).optional(),
  severity: severity.optional(),
});

export const timelineNoteSchema = z.strictObject({
  by: personSchema,
  body: z.string({ error: 'body is required' }).trim().min(1, 'body is required').max(20_000, 'a note is at most 20000 characters'),
  /** Back-dating: when it happened, if not now. */
  at: instant.optional(),
});
export type TimelineNoteInput = z.infer<typeof timelineNoteSchema>;

/**
 * A structured status update ("Conditions / Actions / Needs", the CAN report): what is true now,
 * what is being done, what the responders need. Posted to the incident's channel.
 */
const canText = (name: string, required: boolean) => {
  const text = z.string({ error: `${name} must be text` }).trim().max(3_000, `${name} is at most 3000 characters`);
  return required ? text.min(1, `${name} is required`) : text;
};
export const statusUpdateSchema = z.strictObject({
  by: personSchema,
  conditions: canText('conditions', true),
  actions: canText('actions', true),
  /** Nothing needed is a fine answer. */
  needs: canText('needs', false).default(''),
});
export type StatusUpdateInput = z.infer<typeof statusUpdateSchema>;

export const checklistTickSchema = z.strictObject({
  checked: z.boolean({ error: 'checked must be true or false' }),
  by: personSchema,
});
export type ChecklistTickInput = z.infer<typeof checklistTickSchema>;

export const checklistItemCreateSchema = z.strictObject({
  text: z.string({ error: 'text is required' }).trim().min(1, 'text is required').max(500, 'an item is at most 500 characters'),
  by: personSchema,
});
export type ChecklistItemCreateInput = z.infer<typeof checklistItemCreateSchema>;
