import 'server-only';
import type { Prisma } from '../generated/prisma/client';
import type { Finding } from '../finding/types';
import { statusUpdateOf } from './status-update-view';
import type { ChecklistItemView, IncidentSummary, IncidentView, TimelineEntryView } from './types';

/** What a list row needs from the store: linked target names and each item's state for the progress. */
export const summaryInclude = {
  targets: { include: { target: { select: { id: true, name: true } } } },
  checklist: { select: { checked: true } },
} satisfies Prisma.IncidentInclude;

/** The whole incident: checklist by position, timeline in the order things happened. */
export const viewInclude = {
  targets: { include: { target: { select: { id: true, name: true } } } },
  checklist: { orderBy: [{ position: 'asc' }, { id: 'asc' }] },
  // `at` may be back-dated; entries written at the same instant keep the order they were written in.
  timeline: { orderBy: [{ at: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] },
  channel: { select: { id: true, name: true } },
} satisfies Prisma.IncidentInclude;

type SummaryRow = Prisma.IncidentGetPayload<{ include: typeof summaryInclude }>;
type ViewRow = Prisma.IncidentGetPayload<{ include: typeof viewInclude }>;
type ItemRow = ViewRow['checklist'][number];
type EntryRow = ViewRow['timeline'][number];

/** Computed, never stored: resolvedAt (or now, while open) − startedAt, in whole seconds. */
export function durationSeconds(startedAt: Date, resolvedAt: Date | null, now = new Date()): number {
  return Math.max(0, Math.floor(((resolvedAt ?? now).getTime() - startedAt.getTime()) / 1000));
}

export function toIncidentSummary(row: SummaryRow, now = new Date()): IncidentSummary {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    severity: row.severity,
    status: row.status,
    startedAt: row.startedAt.toISOString(),
    detectedAt: row.detectedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    durationSeconds: durationSeconds(row.startedAt, row.resolvedAt, now),
    commander: row.commander,
    scribe: row.scribe,
    communicationsLead: row.communicationsLead,
    targets: row.targets.map((link) => link.target).sort((a, b) => a.name.localeCompare(b.name)),
    checklistDone: row.checklist.filter((item) => item.checked).length,
    checklistTotal: row.checklist.length,
  };
}

export function toIncidentView(row: ViewRow, now = new Date()): IncidentView {
  const timeline = row.timeline.map(toTimelineEntryView);
  return {
    ...toIncidentSummary(row, now),
    impact: row.impact,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    checklist: row.checklist.map(toChecklistItemView),
    timeline,
    channel: row.channel,
    latestStatusUpdate: timeline.flatMap((entry) => statusUpdateOf(entry) ?? []).at(-1) ?? null,
  };
}

export function toChecklistItemView(row: ItemRow): ChecklistItemView {
  return {
    id: row.id,
    position: row.position,
    text: row.text,
    // Only this library writes `kind`, and only these two values.
    kind: row.kind === 'pool_check' ? 'pool_check' : 'plain',
    checked: row.checked,
    checkedBy: row.checkedBy,
    checkedAt: row.checkedAt?.toISOString() ?? null,
    // Written by tick.ts from Finding[] and nothing else.
    evidence: (row.evidence ?? null) as Finding[] | null,
  };
}

export function toTimelineEntryView(row: EntryRow): TimelineEntryView {
  return {
    id: row.id,
    at: row.at.toISOString(),
    // Only Lifeguard writes `kind` (see TimelineEntry in the schema), never the caller.
    kind: row.kind as TimelineEntryView['kind'],
    author: row.author,
    body: row.body,
    data: row.data ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
