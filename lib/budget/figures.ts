import 'server-only';
import type { Db } from '@/lib/store/db';
import type { Tx } from '@/lib/store/transaction';
import type { ApplicationHolders } from '@/lib/samples/types';
import { notFound } from '@/lib/http/errors';
import type { InstanceReport, ObservedHolder } from './budget';
import { DEFAULT_HEADROOM_PERCENT } from './allowance';
import { latestReports } from './latest-reports';

/** How a target's connections are shared: headroom and per-application weights (see policy.ts). */
export interface BudgetPolicy {
  headroomPercent: number;
  weights: Record<string, number>;
}

/** What the budget, the allowances and the budget check of one target are computed from. */
export interface TargetFigures {
  target: { id: string; name: string };
  /** max_connections − reserved of the latest sample with figures; null without one. */
  usable: number | null;
  sampleAt: Date | null;
  holders: ObservedHolder[];
  /** Each instance's latest report of the window that names the target or none. */
  reports: InstanceReport[];
  policy: BudgetPolicy;
}

interface SampleRow {
  at: Date;
  max_connections: number;
  reserved_connections: number | null;
  applications: ApplicationHolders[] | null;
}

/**
 * Usable connections come from the latest sample that has figures: max_connections does not
 * change while a target is briefly unreachable, and the budget matters most exactly then.
 */
export async function loadTargetFigures(db: Db, target: { id: string; name: string }, now = new Date()): Promise<TargetFigures> {
  const [samples, reports, policy] = await Promise.all([
    db.$queryRaw<SampleRow[]>`
      SELECT at, max_connections, reserved_connections, applications FROM samples
      WHERE target_id = ${target.id}::uuid AND max_connections IS NOT NULL
      ORDER BY at DESC LIMIT 1`,
    latestReports(db, target.name, now, true),
    loadPolicy(db, target.id),
  ]);
  const sample = samples[0];
  return {
    target,
    usable: sample ? sample.max_connections - (sample.reserved_connections ?? 0) : null,
    sampleAt: sample?.at ?? null,
    holders: sample?.applications ?? [],
    reports,
    policy,
  };
}

export async function loadPolicy(db: Tx, targetId: string): Promise<BudgetPolicy> {
  const row = await db.budgetPolicy.findUnique({ where: { targetId } });
  return row ? { headroomPercent: row.headroomPercent, weights: toWeights(row.weights) } : { headroomPercent: DEFAULT_HEADROOM_PERCENT, weights: {} };
}

/** The jsonb column as written by policy.ts; anything else in it is ignored rather than trusted. */
function toWeights(value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, number] => Number.isInteger(entry[1]) && (entry[1] as number) >= 0));
}

/** Targets are named in reports and in the budget check by name, as applications know them. */
export async function targetByName(db: Db, name: string): Promise<{ id: string; name: string }> {
  const row = await db.target.findUnique({ where: { name }, select: { id: true, name: true } });
  if (!row) throw notFound(`no target named ${name}`);
  return row;
}
