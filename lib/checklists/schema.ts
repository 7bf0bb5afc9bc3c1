import { z } from 'zod';
import { CHECKLIST_ITEM_KINDS } from './choices';

/** Checklist templates as people send them; each schema is shared by the template editor and its route handler. */

export { CHECKLIST_ITEM_KINDS, type ChecklistItemKind } from './choices';

const name = z.string({ error: 'name is required' }).trim().min(1, 'name is required').max(120, 'name is at most 120 characters');
/** The whole list, in order: editing and reordering are both "send the list as it should be". */
const items = z
  .array(
    z.strictObject({
      text: z.string({ error: 'item text is required' }).trim().min(1, 'item text is required').max(500, 'an item is at most 500 characters'),
      kind: z.enum(CHECKLIST_ITEM_KINDS).default('plain'),
    }),
  )
  .min(1, 'a template needs at least one item')
  .max(100, 'a template has at most 100 items');

export const templateCreateSchema = z.strictObject({ name, items });
export type TemplateCreateInput = z.infer<typeof templateCreateSchema>;

/**
 * PATCH /api/checklist-templates/{id}: any subset; `archived` hides it from the declare form (the
 * default cannot be archived). Like every update schema, its fields are listed, each optional, from
 * the create schema's pieces: `.partial()` would fill in create defaults and reset them.
 */
export const templateUpdateSchema = z.strictObject({
  name: name.optional(),
  items: items.optional(),
  archived: z.boolean({ error: 'archived must be true or false' }).optional(),
});
export type TemplateUpdateInput = z.infer<typeof templateUpdateSchema>;

/** GET /api/checklist-templates: active templates only, unless `?archived=1` asks for all (the template editor). */
export const templateListQuerySchema = z.strictObject({
  archived: z.enum(['0', '1'], { error: 'archived must be 0 or 1' }).optional(),
});
