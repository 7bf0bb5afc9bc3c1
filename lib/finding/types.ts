import type { TargetBudget } from '../budget/query';
import type { ApplicationHolders, Snapshot } from '../samples/types';
import type { Cause } from './causes/types';

export type { Cause, CauseKind } from './causes/types';

/**
 * The finding: one target's answer to "who is using up the connections, and why", read from the
 * samples and pool reports already stored. Shown on the target page, at the top of an incident,
 * in the checklist's pool item (and saved with its tick); GET /api/targets/{id}/finding answers
 * one, GET /api/incidents/{id}/pool-evidence those of an incident's linked targets.
 */
export interface Finding {
  targetId: string;
  targetName: string;
  at: string;
  total: number | null;
  usableConnections: number | null;
  maxConnections: number | null;
  /** total / usable × 100 */
  usagePercent: number | null;
  error: string | null;
  /** Largest holders first, at most 10. */
  topHolders: ApplicationHolders[];
  /**
   * The connection budget (lib/budget): usable against Σ pool max, with the arithmetic spelled
   * out; `poolers`: the PgBouncer budgets that concern the target (lib/pooler/budget.ts).
   */
  budget?: Pick<TargetBudget, 'usable' | 'committed' | 'overCommitted' | 'applications' | 'explanation'> & Partial<Pick<TargetBudget, 'limitLabel' | 'poolers'>>;
  /** ISO: when `total` began its last sustained climb (lib/finding/climb.ts); null without one. */
  climbStartedAt?: string | null;
  /** Every reporting instance's latest pool report (last 2 minutes), largest holders first. */
  instances?: PoolInstance[];
  /** Why the connections are used up, most likely first (lib/finding/causes). Absent in findings saved before causes were read. */
  causes?: Cause[];
}

/** A sample as GET /api/targets/{id}/snapshot?at= answers it: the holders and states of that moment, and its causes. */
export interface SnapshotWithCauses extends Snapshot {
  causes: Cause[];
}

export interface PoolInstance {
  application: string;
  instance: string;
  poolMax: number;
  total: number;
  idle: number;
  waiting: number;
  /** ISO: when the instance took the figures. */
  at: string;
}
