import type { ApplicationBudget } from '../budget/budget';
import { LIFEGUARD_CONNECTIONS, poolMaxThatFits } from '../budget/fit';
import type { LastingFix, RemediationSession } from './schema';

/**
 * What stops the flood from coming back, computed from the connection budget and shown beside
 * a dry run — never run: a role's connection limit and a session timeout are decisions for the
 * people who own that database, and a pool size is a deploy. Pure; the caller loads the figures.
 *
 * The arithmetic: every connection another application needs (its Σ pool max when it reports
 * its pools, what it holds now when it does not, whichever is larger) and Lifeguard's own two
 * (the persistent connection and its probe) come off the usable connections first; what is
 * left is what the role (or the application's pools) may have.
 */

/** Suggested for sessions left idle inside a transaction: long enough for any sane pause in code, short enough to free a slot within a minute. */
export const IDLE_IN_TRANSACTION_TIMEOUT = '60s';

export interface LastingFixInput {
  /** max_connections − reserved slots; null before the first sample with figures. */
  usable: number | null;
  /** Applications that report their pools (lib/budget). */
  applications: readonly Pick<ApplicationBudget, 'application' | 'instances' | 'committed'>[];
  /** Connections each application_name holds now (latest sample), Lifeguard's own left out. */
  holders: readonly { name: string; total: number }[];
  /** The sessions a dry run found: their applications and roles are what the fixes are about. */
  sessions: readonly RemediationSession[];
}

export function lastingFixes(input: LastingFixInput): LastingFix[] {
  const roles = groupApplicationsByRole(input.sessions);
  const fixes: LastingFix[] = [];
  for (const [role, applications] of roles) {
    const limit = connectionLimitFix(input, role, applications);
    if (limit) fixes.push(limit);
  }
  for (const application of new Set(input.sessions.map((session) => session.application))) {
    const pool = poolMaxFix(input, application);
    if (pool) fixes.push(pool);
  }
  for (const role of roles.keys()) fixes.push(idleInTransactionFix(role));
  return fixes;
}

function groupApplicationsByRole(sessions: readonly RemediationSession[]): Map<string, Set<string>> {
  const roles = new Map<string, Set<string>>();
  for (const session of sessions) {
    if (session.role === null) continue;
    const applications = roles.get(session.role) ?? new Set<string>();
    applications.add(session.application);
    roles.set(session.role, applications);
  }
  return roles;
}

/** What each application other than `excluded` needs: max(Σ pool max, held now), largest first. */
function othersNeed(input: LastingFixInput, excluded: ReadonlySet<string>): { name: string; need: number }[] {
  const need = new Map<string, number>();
  for (const holder of input.holders) need.set(holder.name, (need.get(holder.name) ?? 0) + holder.total);
  for (const app of input.applications) need.set(app.application, Math.max(need.get(app.application) ?? 0, app.committed));
  return [...need.entries()]
    .filter(([name, count]) => !excluded.has(name) && count > 0)
    .map(([name, count]) => ({ name, need: count }))
    .sort((a, b) => b.need - a.need || a.name.localeCompare(b.name));
}

/** "97 usable − 10 for worksmart-worker − 2 for Lifeguard = 85" and the 85, or null when usable is unknown. */
function leftFor(input: LastingFixInput, excluded: ReadonlySet<string>): { left: number; terms: string } | null {
  if (input.usable === null) return null;
  const others = othersNeed(input, excluded);
  const left = input.usable - others.reduce((sum, other) => sum + other.need, 0) - LIFEGUARD_CONNECTIONS;
  const named = others.slice(0, 4).map((other) => ` − ${other.need} for ${label(other.name)}`);
  const rest = others.slice(4);
  if (rest.length > 0) named.push(` − ${rest.reduce((sum, other) => sum + other.need, 0)} for ${rest.length} more`);
  return { left, terms: `${input.usable} usable${named.join('')} − ${LIFEGUARD_CONNECTIONS} for Lifeguard = ${left}` };
}

function connectionLimitFix(input: LastingFixInput, role: string, applications: ReadonlySet<string>): LastingFix | null {
  const budget = leftFor(input, applications);
  if (!budget) return null;
  const limit = Math.max(1, budget.left);
  const names = [...applications].map(label).join(', ');
  return {
    kind: 'connection-limit',
    title: `Cap role ${role} (${names})`,
    code: `ALTER ROLE ${quoteIdent(role)} CONNECTION LIMIT ${limit};`,
    why:
      `${budget.terms}. Past the limit PostgreSQL refuses only this role's new connections, so the other applications and Lifeguard keep theirs. ` +
      `Every session of ${role} counts, whichever application opens it.` +
      (budget.left < 1 ? ' The others already need every usable connection: shrink them too.' : ''),
  };
}

function poolMaxFix(input: LastingFixInput, application: string): LastingFix | null {
  const reported = input.applications.find((app) => app.application === application);
  if (!reported || reported.instances < 1) return null;
  const budget = leftFor(input, new Set([application]));
  if (!budget) return null;
  const max = Math.max(1, poolMaxThatFits(budget.left, reported.instances));
  return {
    kind: 'pool-max',
    title: `Pool max per instance of ${label(application)}`,
    code: `// each of the ${reported.instances} instances of ${label(application)}\nnew pg.Pool({ max: ${max} })`,
    why: `${reported.instances} × ${max} = ${reported.instances * max} ≤ ${budget.terms}; today the pools may open ${reported.committed}.`,
  };
}

function idleInTransactionFix(role: string): LastingFix {
  return {
    kind: 'idle-in-transaction-timeout',
    title: `End sessions of ${role} left idle in a transaction`,
    code: `ALTER ROLE ${quoteIdent(role)} SET idle_in_transaction_session_timeout = '${IDLE_IN_TRANSACTION_TIMEOUT}';`,
    why:
      'A session idle inside a transaction keeps its connection and its locks until the application comes back to it; PostgreSQL ends it after this long. ' +
      'New sessions of the role get the setting; pick a value above the longest pause your code makes inside a transaction.',
  };
}

function label(application: string): string {
  return application === '' ? '(no application_name)' : application;
}

/** A role name as SQL needs it in the statements people copy. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}
