import type { TargetBudget } from '../budget/query';
import type { ApplicationHolders } from '../samples/types';
import type { IncidentStatus, IncidentSeverity } from './schema';

/** Shapes the incident API returns (dates as ISO strings). */

export interface PoolEvidence {
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
  /** ISO: when `total` began its last sustained climb (lib/incidents/climb.ts); null without one. */
  climbStartedAt?: string | null;
  /** Every reporting instance's latest pool report (last 2 minutes), largest holders first. */
  instances?: PoolInstance[];
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

export interface ChecklistItemView {
  id: string;
  position: number;
  text: string;
  kind: 'plain' | 'pool_check';
  checked: boolean;
  checkedBy: string | null;
  checkedAt: string | null;
  /** Saved with a tick of a pool_check item. */
  evidence: PoolEvidence[] | null;
}

export interface TimelineEntryView {
  id: string;
  at: string;
  kind: 'note' | 'created' | 'status' | 'severity' | 'field' | 'checklist' | 'alert' | 'remediation';
  author: string;
  body: string;
  data: unknown;
  createdAt: string;
}

export interface IncidentSummary {
  id: string;
  number: number;
  title: string;
  severity: IncidentSeverity;
  status: IncidentStatus;
  startedAt: string;
  detectedAt: string;
  resolvedAt: string | null;
  /** Computed from the times: resolvedAt (or now) − startedAt. */
  durationSeconds: number;
  commander: string;
  targets: { id: string; name: string }[];
  checklistDone: number;
  checklistTotal: number;
}

export interface IncidentView extends IncidentSummary {
  impact: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  checklist: ChecklistItemView[];
  timeline: TimelineEntryView[];
}
