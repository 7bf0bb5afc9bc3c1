import { z } from 'zod';
import { personSchema } from '../accounts/schema';

/** The postmortem as people send it; each schema is shared by the editor and its route handler. */

const section = (name: string) => z.string({ error: `${name} must be text` }).max(20_000, `${name} is at most 20000 characters`);

/** PUT or PATCH /api/incidents/{id}/postmortem: the sections given are saved, the others keep their text. */
export const postmortemUpdateSchema = z.strictObject({
  by: personSchema,
  summary: section('summary').optional(),
  rootCause: section('rootCause').optional(),
  resolution: section('resolution').optional(),
  improvements: section('improvements').optional(),
});
export type PostmortemUpdateInput = z.infer<typeof postmortemUpdateSchema>;

/** GET /api/incidents/{id}/postmortem: the Markdown download, or the sections for the editor. */
export const postmortemQuerySchema = z.object({
  format: z.enum(['markdown', 'json'], { error: 'format must be markdown or json' }).default('markdown'),
});
