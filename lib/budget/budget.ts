/**
 * The connection budget of a target: what the reporting applications may open (Σ pool max over
 * their instances) against what the server lets ordinary clients open (max_connections minus
 * reserved slots). Pure arithmetic and wording; lib/budget/query.ts loads the figures.
 *
 * The point is the sentence: "12 instances × pool max 50 = 600 > 97 usable" tells an on-call
 * engineer *before* any flood that the pools can take the database down.
 */

/** The latest report of one application instance (see lib/budget/query.ts for "latest"). */
export interface InstanceReport {
  application: string;
  instance: string;
  /** The target name the report names, or null when the application did not say. */
  target: string | null;
  poolMax: number;
  /** Connections the instance's pool holds. */
  total: number;
  /** The pool is kept to its allowance by a guard (pg-lifeguard's guardPool). */
  guarded?: boolean;
  /** The max the guard held the pool to; null while none was in force. */
  allowance?: number | null;
}

/** pg_stat_activity's holders of the target, from its latest sample. */
export interface ObservedHolder {
  name: string;
  total: number;
}

export interface BudgetInput {
  targetName: string;
  /** What `usable` is called in the sentences: a PgBouncer's limit is max_client_conn. Default 'usable'. */
  limitLabel?: 'usable' | 'max_client_conn';
  /** max_connections − reserved from the latest sample; null when no sample has figures. */
  usable: number | null;
  holders: readonly ObservedHolder[];
  reports: readonly InstanceReport[];
}

export interface ApplicationBudget {
  application: string;
  instances: number;
  /** The pool max of every instance, or the range when they differ. */
  poolMax: number | { min: number; max: number };
  /** Σ pool max: what the application may open. */
  committed: number;
  /** Σ of the instances' own count of open connections. */
  heldReported: number;
  /** Client backends with this application_name in pg_stat_activity. */
  heldObserved: number;
  /** Instances whose pool a guard keeps to its allowance. */
  guarded: number;
  /** The max the guards hold their pools to (the range when they differ); null when none holds one. */
  inForce: number | { min: number; max: number } | null;
  explanation: string;
}

export interface Budget {
  usable: number | null;
  /** What `usable` is: the server's usable connections, or a PgBouncer's max_client_conn. */
  limitLabel: 'usable' | 'max_client_conn';
  committed: number;
  /** Σ pool max > usable; false while usable is unknown. */
  overCommitted: boolean;
  applications: ApplicationBudget[];
  explanation: string;
}

/** Mixed pool sizes are listed per instance up to this many, then summed up. */
const MAX_LISTED_INSTANCES = 8;

/**
 * Which reports count against a target: those naming it, and those naming no target whose
 * application the server shows as a holder (the application_name an app sets is usually its
 * name). Reports naming another target never count.
 */
export function reportsForTarget(input: Pick<BudgetInput, 'targetName' | 'holders' | 'reports'>): InstanceReport[] {
  const holderNames = new Set(input.holders.map((holder) => holder.name));
  return input.reports.filter((report) => (report.target === null ? holderNames.has(report.application) : report.target === input.targetName));
}

export function computeBudget(input: BudgetInput): Budget {
  const byApplication = new Map<string, InstanceReport[]>();
  for (const report of reportsForTarget(input)) {
    const list = byApplication.get(report.application) ?? [];
    list.push(report);
    byApplication.set(report.application, list);
  }
  const applications = [...byApplication.entries()]
    .map(([application, reports]) => applicationBudget(application, reports, input))
    .sort((a, b) => b.committed - a.committed || a.application.localeCompare(b.application));
  const committed = sum(applications.map((app) => app.committed));
  const overCommitted = input.usable !== null && committed > input.usable;
  const limitLabel = input.limitLabel ?? 'usable';
  return { usable: input.usable, limitLabel, committed, overCommitted, applications, explanation: overallExplanation(applications, committed, input.usable, limitLabel) };
}

function applicationBudget(application: string, reports: InstanceReport[], input: BudgetInput): ApplicationBudget {
  const sorted = [...reports].sort((a, b) => b.poolMax - a.poolMax || naturalCompare(a.instance, b.instance));
  const maxes = sorted.map((report) => report.poolMax);
  const min = Math.min(...maxes);
  const max = Math.max(...maxes);
  const committed = sum(maxes);
  return {
    application,
    instances: sorted.length,
    poolMax: min === max ? max : { min, max },
    committed,
    heldReported: sum(sorted.map((report) => report.total)),
    heldObserved: sum(input.holders.filter((holder) => holder.name === application).map((holder) => holder.total)),
    guarded: sorted.filter((report) => report.guarded).length,
    inForce: range(sorted.flatMap((report) => (report.guarded && typeof report.allowance === 'number' ? [report.allowance] : []))),
    explanation: `${commitmentTerms(sorted)} = ${committed}${verdict(committed, input.usable, input.limitLabel ?? 'usable')}`,
  };
}

/** "12 instances × pool max 50" when the sizes agree; "web-1 50 + web-2 40" when they differ. */
export function commitmentTerms(reports: readonly Pick<InstanceReport, 'instance' | 'poolMax'>[]): string {
  const first = reports[0];
  if (!first) return '0 instances';
  if (reports.every((report) => report.poolMax === first.poolMax)) {
    return `${reports.length} ${reports.length === 1 ? 'instance' : 'instances'} × pool max ${first.poolMax}`;
  }
  const listed = reports.slice(0, MAX_LISTED_INSTANCES).map((report) => `${report.instance} ${report.poolMax}`);
  const rest = reports.slice(MAX_LISTED_INSTANCES);
  if (rest.length > 0) listed.push(`${rest.length} more ${sum(rest.map((report) => report.poolMax))}`);
  return listed.join(' + ');
}

function verdict(committed: number, usable: number | null, label: Budget['limitLabel']): string {
  if (usable === null) return `; ${label === 'usable' ? 'usable connections' : label} unknown (no sample of the target yet)`;
  return committed > usable ? ` > ${usable} ${label}` : ` ≤ ${usable} ${label}`;
}

function overallExplanation(applications: readonly ApplicationBudget[], committed: number, usable: number | null, label: Budget['limitLabel']): string {
  const [only] = applications;
  if (!only) {
    return usable === null
      ? 'no pool reports in the last 2 minutes, and no sample of the target yet'
      : `no pool reports in the last 2 minutes to compare with ${usable} ${label}`;
  }
  if (applications.length === 1) return `${only.application}: ${only.explanation}`;
  const terms = applications.map((app) => `${app.application} ${app.committed}`).join(' + ');
  return `${terms} = ${committed}${verdict(committed, usable, label)}`;
}

function range(values: readonly number[]): number | { min: number; max: number } | null {
  if (values.length === 0) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? max : { min, max };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** web-2 before web-10. */
function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
