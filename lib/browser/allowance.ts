import type { ApplicationBudget } from '@/lib/budget/budget';

/** How the budget panel words the guard: "6 of 6", "2 of 6", "no". */
export function guardedLabel(app: Pick<ApplicationBudget, 'guarded' | 'instances'>): string {
  if (app.guarded === 0) return 'no';
  return `${app.guarded} of ${app.instances}`;
}

/**
 * Lifeguard's allowance per instance, and the max the guards actually hold when that differs
 * (a guard between two reports, or held at its floor): "13", "13 (held at 12–13)", "—".
 */
export function allowanceLabel(maxPerInstance: number | null | undefined, inForce: ApplicationBudget['inForce']): string {
  const allowance = maxPerInstance === null || maxPerInstance === undefined ? '—' : String(maxPerInstance);
  if (inForce === null) return allowance;
  const held = typeof inForce === 'number' ? String(inForce) : `${inForce.min}–${inForce.max}`;
  return held === allowance ? allowance : `${allowance} (held at ${held})`;
}

/**
 * What the over-commitment means once guards are in: with every instance guarded the pools keep
 * to their allowances, so configured max above usable is a warning, not a flood waiting to happen.
 * Null when the pools fit.
 */
export function overCommitmentNote(budget: {
  overCommitted: boolean;
  explanation: string;
  applications: readonly Pick<ApplicationBudget, 'guarded' | 'instances'>[];
  /** A PgBouncer target's limit is max_client_conn, not the server's usable connections. */
  limitLabel?: 'usable' | 'max_client_conn';
}): { severity: 'critical' | 'warning'; text: string } | null {
  if (!budget.overCommitted) return null;
  const instances = budget.applications.reduce((total, app) => total + app.instances, 0);
  const unguarded = instances - budget.applications.reduce((total, app) => total + app.guarded, 0);
  if (unguarded === 0) {
    return { severity: 'warning', text: `Over-committed as configured, but every pool is guarded and keeps to its allowance. ${budget.explanation}` };
  }
  const which = unguarded === instances ? '' : ` ${unguarded} of ${instances} instances are unguarded.`;
  const limit = budget.limitLabel === 'max_client_conn' ? 'PgBouncer lets in (max_client_conn)' : 'the server accepts';
  return { severity: 'critical', text: `Over-committed: the pools may open more connections than ${limit}.${which} ${budget.explanation}` };
}
