import { badRequest } from '../http/errors';
import type { IncidentStatus, IncidentUpdateInput, IncidentSeverity } from './schema';
import type { RecordedEntry } from './timeline';
import { assertTimesInOrder } from './times';

/** The incident fields a PATCH can change, as stored. */
export interface IncidentFields {
  title: string;
  severity: IncidentSeverity;
  status: IncidentStatus;
  impact: string;
  commander: string;
  scribe: string;
  communicationsLead: string;
  startedAt: Date;
  detectedAt: Date;
  resolvedAt: Date | null;
}

export interface UpdatePlan {
  /** Only the fields that actually change. */
  changes: Partial<IncidentFields>;
  /** One timeline entry per change: status, severity, then the other fields. */
  entries: RecordedEntry[];
}

/**
 * Works out what a PATCH changes and how the timeline tells it, without touching the store.
 * Any status change is allowed (people skip ahead or reopen) and recorded. Resolving stamps
 * resolvedAt with `now` unless a time is given; reopening clears it; a resolved time on an open
 * incident, or none on a resolved one, is a 400 rather than a state the list could not explain.
 */
export function planUpdate(current: IncidentFields, input: Omit<IncidentUpdateInput, 'by' | 'targetIds' | 'channelId'>, now: Date): UpdatePlan {
  const status = input.status ?? current.status;
  const resolvedAt = nextResolvedAt(current, status, input.resolvedAt, now);
  const next: IncidentFields = {
    title: input.title ?? current.title,
    severity: input.severity ?? current.severity,
    status,
    impact: input.impact ?? current.impact,
    commander: input.commander ?? current.commander,
    scribe: input.scribe ?? current.scribe,
    communicationsLead: input.communicationsLead ?? current.communicationsLead,
    startedAt: input.startedAt ?? current.startedAt,
    detectedAt: input.detectedAt ?? current.detectedAt,
    resolvedAt,
  };
  assertTimesInOrder(next);

  const changes: Partial<IncidentFields> = {};
  const entries: RecordedEntry[] = [];
  const statusChanged = next.status !== current.status;
  if (statusChanged) {
    changes.status = next.status;
    const reopened = current.status === 'resolved';
    entries.push({
      kind: 'status',
      body: `Status changed from ${current.status} to ${next.status}${reopened ? ' (reopened)' : ''}`,
      data: { from: current.status, to: next.status, resolvedAt: next.resolvedAt },
    });
  }
  if (next.severity !== current.severity) {
    changes.severity = next.severity;
    entries.push({ kind: 'severity', body: `Severity changed from ${current.severity} to ${next.severity}`, data: { from: current.severity, to: next.severity } });
  }
  for (const field of ['title', 'commander', 'scribe', 'communicationsLead', 'impact'] as const) {
    if (next[field] === current[field]) continue;
    changes[field] = next[field];
    entries.push({ kind: 'field', body: describeText(field, current[field], next[field]), data: { field, from: current[field], to: next[field] } });
  }
  for (const field of ['startedAt', 'detectedAt', 'resolvedAt'] as const) {
    if (sameTime(next[field], current[field])) continue;
    // Stamping or clearing resolvedAt is part of the status change, already told by its entry.
    if (field === 'resolvedAt') {
      changes.resolvedAt = next.resolvedAt;
      if (statusChanged) continue;
    } else {
      changes[field] = next[field];
    }
    entries.push({ kind: 'field', body: describeTime(field, current[field], next[field]), data: { field, from: current[field], to: next[field] } });
  }
  return { changes, entries };
}

function nextResolvedAt(current: IncidentFields, status: IncidentStatus, given: Date | null | undefined, now: Date): Date | null {
  if (status === 'resolved') {
    if (given === null) throw badRequest('resolvedAt: a resolved incident keeps its resolved time; change status to reopen it');
    if (given) return given;
    return current.status === 'resolved' ? current.resolvedAt : now;
  }
  if (given) throw badRequest(`resolvedAt: only a resolved incident has a resolved time (status is ${status})`);
  return null;
}

const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

const LABELS = {
  title: 'Title',
  commander: 'Commander',
  scribe: 'Scribe',
  communicationsLead: 'Communications lead',
  impact: 'Impact',
  startedAt: 'Start time',
  detectedAt: 'Detection time',
  resolvedAt: 'Resolution time',
} as const;

function describeText(field: 'title' | 'commander' | 'scribe' | 'communicationsLead' | 'impact', from: string, to: string): string {
  // Impact is long Markdown; the entry's data keeps both versions.
  if (field === 'impact') return from === '' ? 'Impact described' : 'Impact updated';
  if (from === '') return `${LABELS[field]} set to “${to}”`;
  if (to === '') return `${LABELS[field]} cleared (was “${from}”)`;
  return `${LABELS[field]} changed from “${from}” to “${to}”`;
}

function describeTime(field: 'startedAt' | 'detectedAt' | 'resolvedAt', from: Date | null, to: Date | null): string {
  // ISO in UTC: unambiguous in a sentence; pages show the entry's own `at` in the viewer's zone.
  if (!from) return `${LABELS[field]} set to ${to?.toISOString()}`;
  if (!to) return `${LABELS[field]} cleared (was ${from.toISOString()})`;
  return `${LABELS[field]} changed from ${from.toISOString()} to ${to.toISOString()}`;
}
