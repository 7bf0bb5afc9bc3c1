/**
 * The rule for `by`, the display name of the person acting, without zod: the header's name prompt
 * checks it on every page, and zod would weigh on every page's first load. personSchema
 * (lib/accounts/schema.ts) is built from the same limits and messages, so form and API agree.
 */
export const PERSON_REQUIRED = 'by is required: who is acting?';
export const PERSON_MAX = 80;
export const PERSON_TOO_LONG = `a name is at most ${PERSON_MAX} characters`;

/** The trimmed name, or what is wrong with it. */
export function checkPersonName(raw: unknown): { name: string } | { error: string } {
  if (typeof raw !== 'string') return { error: PERSON_REQUIRED };
  const name = raw.trim();
  if (name.length === 0) return { error: PERSON_REQUIRED };
  if (name.length > PERSON_MAX) return { error: PERSON_TOO_LONG };
  return { name };
}
