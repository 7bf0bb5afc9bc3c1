import type { ApplicationBudget } from './alert-types';

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
