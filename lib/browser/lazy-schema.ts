import type { z } from 'zod';

/**
 * A form's check with its resource's shared zod schema (lib/<resource>/schema.ts), loaded on the
 * first submit rather than with the page: zod and the schemas are some 30 KiB gzip that a page's
 * first load should not carry for a form most visits never send (issue 12). The handler parses
 * with the same schema, so the form refuses exactly what the API would, with the API's message.
 *
 *   const checked = await checkWith(() => import('@/lib/targets/schema').then((m) => m.targetInputSchema), input);
 *   if (checked.error !== undefined) return setError(checked.error);
 */

/** What is wrong, where: `path` names the field (e.g. ['items', 2, 'text']), empty for the whole input. */
export interface FormIssue {
  path: readonly PropertyKey[];
  message: string;
}

/** The parsed input, or every issue with the first one's message as `error`. */
export type Checked<T> = { data: T; error?: undefined; issues?: undefined } | { data?: undefined; error: string; issues: FormIssue[] };

export async function checkWith<Schema extends z.ZodType>(load: () => Promise<Schema>, input: unknown, fallback = 'invalid input'): Promise<Checked<z.output<Schema>>> {
  let schema: Schema;
  try {
    schema = await load();
  } catch {
    // The chunk did not arrive (offline, or a new deployment replaced it): say so rather than
    // send unchecked input or fail silently.
    const message = 'The form could not load its checks: reload the page and try again';
    return { error: message, issues: [{ path: [], message }] };
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return { data: parsed.data };
  const issues = parsed.error.issues.map(({ path, message }) => ({ path, message }));
  return { error: issues[0]?.message ?? fallback, issues };
}
