import type { Finding } from '../finding/types';
import type { IncidentStatus, IncidentSeverity } from './schema';

/** Shapes the incident API returns (dates as ISO strings). */

export interface ChecklistItemView {
  id: string;
  position: number;
  text: string;
  kind: 'plain' | 'pool_check';
  checked: boolean;
  checkedBy: string | null;
  checkedAt: string | null;
  /** The findings of the linked targets, saved with a tick of a pool_check item. */
  evidence: Finding[] | null;
}

export interface TimelineEntryView {
  id: string;
  at: string;
  kind: 'note' | 'created' | 'status' | 'severity' | 'field' | 'checklist' | 'alert' | 'remediation' | 'status_update';
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
  scribe: string;
  communicationsLead: string;
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
  /** The Slack receiver chosen for its updates; null: the default channel, if one is marked. */
  channel: { id: string; name: string } | null;
  /** The latest structured status update, shown at the top of the page. */
  latestStatusUpdate: StatusUpdateView | null;
}

/** A "Conditions / Actions / Needs" update: a timeline entry of kind status_update. */
export interface StatusUpdateView {
  id: string;
  at: string;
  author: string;
  conditions: string;
  actions: string;
  needs: string;
}
