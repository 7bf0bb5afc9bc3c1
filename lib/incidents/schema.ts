import { z } from 'zod';
import { personSchema } from '../accounts/schema';
import { INCIDENT_SEVERITIES, STATUSES } from './choices';

/**
 * The incident resources as people send them; each schema is shared by its form and its
 * route handler.
 */

export { INCIDENT_SEVERITIES, INCIDENT_SEVERITY_MEANINGS, STATUSES, type IncidentSeverity, type IncidentStatus } from './choices';

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with a zone, e.g. 2026-11-26T10:05:00Z' }).transform((value) => new Date(value));

const title = z.string({ error: 'title is required' }).trim().min(1, 'title is required').max(200, 'title is at most 200 characters');
const severity = z.enum(INCIDENT_SEVERITIES, { error: `severity must be one of ${INCIDENT_SEVERITIES.join(', ')}` });
const status = z.enum(STATUSES, { error: `status must be one of ${STATUSES.join(', ')}` });
const longText = (name: string) => z.string({ error: `${name} must be text` }).max(20_000, `${name} is at most 20000 characters`);
const uuid = z.uuid({ error: 'must be an id' });
const commander = z.string().trim().max(80);
const targetIds = z.array(uuid).max(20, 'at most 20 targets');

export const incidentCreateSchema = z.strictObject({
  title,
  severity,
  by: personSchema,
  impact: longText('impact').optional(),
  commander: commander.optional(),
  startedAt: instant.optional(),
  detectedAt: instant.optional(),
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
  impact: longText('impact').optional(),
  commander: commander.optional(),
  startedAt: instant.optional(),
  detectedAt: instant.optional(),
  resolvedAt: instant.nullable().optional(),
  targetIds: targetIds.optional(),
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
