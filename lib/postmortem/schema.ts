import { z } from 'zod';

/**
 * Query strings of the postmortem routes. The bodies use the incident schemas
 * (postmortemUpdateSchema, actionItemCreateSchema, actionItemUpdateSchema) so form and handler share one.
 */

/** GET /api/incidents/{id}/postmortem: the Markdown download, or the sections for the editor. */
export const postmortemQuerySchema = z.object({
  format: z.enum(['markdown', 'json'], { error: 'format must be markdown or json' }).default('markdown'),
});

/** GET /api/action-items: open items by default; `open=0` lists done ones too. */
export const actionItemListQuerySchema = z.object({
  open: z
    .enum(['1', '0', 'true', 'false'], { error: 'open must be 1 or 0' })
    .default('1')
    .transform((value) => value === '1' || value === 'true'),
});
