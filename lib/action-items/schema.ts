import { z } from 'zod';
import { personSchema } from '../accounts/schema';

/** Action items (a postmortem's corrective tasks) as people send them; each schema is shared by the form and its route handler. */

const text = z.string({ error: 'text is required' }).trim().min(1, 'text is required').max(500, 'an action item is at most 500 characters');
const owner = z.string({ error: 'owner must be text' }).trim().max(80, 'owner is at most 80 characters');

/** POST /api/incidents/{id}/action-items. */
export const actionItemCreateSchema = z.strictObject({
  text,
  owner: owner.default(''),
  by: personSchema,
});
export type ActionItemCreateInput = z.infer<typeof actionItemCreateSchema>;

/** PATCH /api/action-items/{id}: any subset; ticking `done` sets when it was done. */
export const actionItemUpdateSchema = z.strictObject({
  by: personSchema,
  text: text.optional(),
  owner: owner.optional(),
  done: z.boolean({ error: 'done must be true or false' }).optional(),
});
export type ActionItemUpdateInput = z.infer<typeof actionItemUpdateSchema>;

/** GET /api/action-items: open items by default; `open=0` lists done ones too. */
export const actionItemListQuerySchema = z.object({
  open: z
    .enum(['1', '0', 'true', 'false'], { error: 'open must be 1 or 0' })
    .default('1')
    .transform((value) => value === '1' || value === 'true'),
});
