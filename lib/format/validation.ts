import type { z } from 'zod';

/**
 * The first validation problem, phrased for a person: "intervalMs: must be at least 250",
 * "reports[3].poolMax: must be ≥ 0". The API answers its 400s with it and forms that check with
 * the same schema show it, so a mistake reads the same whether the browser or the server caught it.
 */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? describeIssue(issue) : 'invalid input';
}

/** One issue as the API words it: its field's path, then the message. */
export function describeIssue(issue: { path: readonly PropertyKey[]; message: string }): string {
  return issue.path.length > 0 ? `${formatPath(issue.path)}: ${issue.message}` : issue.message;
}

/** `reports[3].poolMax` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i > 0 ? '.' : ''}${String(key)}`)).join('');
}
