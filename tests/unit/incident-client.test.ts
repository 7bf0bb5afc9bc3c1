import { describe, expect, it } from 'vitest';
import { isBackdated, sortTimeline, withChecklistItem } from '@/lib/browser/incidents';
import { applyIncidentEvent, refreshFindings } from '@/lib/browser/live-feed';
import { makeQueryClient } from '@/lib/browser/query-client';
import { queryKeys } from '@/lib/browser/query-keys';
import { moveItem } from '@/lib/browser/templates';
import type { Finding } from '@/lib/finding/types';
import type { ChecklistItemView, IncidentView, TimelineEntryView } from '@/lib/incidents/types';

const item = (id: string, checked: boolean): ChecklistItemView => ({ id, position: 0, text: id, kind: 'plain', checked, checkedBy: null, checkedAt: null, evidence: null });

function incident(checklist: ChecklistItemView[]): IncidentView {
  return {
    id: 'i1', number: 1, title: 't', severity: 'SEV2', status: 'investigating', startedAt: '2026-11-26T09:00:00Z', detectedAt: '2026-11-26T09:00:00Z',
    resolvedAt: null, durationSeconds: 0, commander: '', scribe: '', communicationsLead: '', targets: [], checklistDone: checklist.filter((i) => i.checked).length, checklistTotal: checklist.length,
    impact: '', createdBy: 'a', createdAt: '2026-11-26T09:00:00Z', updatedAt: '2026-11-26T09:00:00Z', checklist, timeline: [],
    channel: null, latestStatusUpdate: null,
  };
}

const entry = (id: string, at: string, createdAt: string): TimelineEntryView => ({ id, at, createdAt, kind: 'note', author: 'a', body: id, data: null });

describe('incident cache helpers', () => {
  it('replaces one checklist item and keeps the progress figure in step', () => {
    const before = incident([item('a', false), item('b', true)]);
    const after = withChecklistItem(before, 'a', (i) => ({ ...i, checked: true, checkedBy: 'Alice' }));
    expect(after.checklist.map((i) => i.checked)).toEqual([true, true]);
    expect(after.checklistDone).toBe(2);
    expect(before.checklistDone).toBe(1);
  });

  it('orders the timeline by when things happened, back-dated entries included', () => {
    const entries = [entry('late', '2026-11-26T11:15:00Z', '2026-11-26T11:15:00Z'), entry('alert', '2026-11-26T10:05:00Z', '2026-11-26T12:00:00Z'), entry('same-later', '2026-11-26T11:15:00Z', '2026-11-26T11:16:00Z')];
    expect(sortTimeline(entries).map((e) => e.id)).toEqual(['alert', 'late', 'same-later']);
    expect(isBackdated(entries[1]!)).toBe(true);
    expect(isBackdated(entries[0]!)).toBe(false);
  });

  it('moves template items up and down within bounds', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 3)).toEqual(['a', 'b', 'c']);
  });
});

describe('live incident events', () => {
  it('invalidates that incident, the lists and its postmortem, not other incidents', () => {
    const client = makeQueryClient();
    client.setQueryData(queryKeys.incident('i1'), incident([]));
    client.setQueryData(queryKeys.incident('i2'), incident([]));
    client.setQueryData(queryKeys.incidents({ status: 'open' }), []);
    client.setQueryData(queryKeys.postmortemMarkdown('i1'), '# x');
    applyIncidentEvent(client, 'i1');
    expect(client.getQueryState(queryKeys.incident('i1'))?.isInvalidated).toBe(true);
    expect(client.getQueryState(queryKeys.incidents({ status: 'open' }))?.isInvalidated).toBe(true);
    expect(client.getQueryState(queryKeys.postmortemMarkdown('i1'))?.isInvalidated).toBe(true);
    expect(client.getQueryState(queryKeys.incident('i2'))?.isInvalidated).toBe(false);
  });

  it("refreshes the findings that show the sampled target, at most once a second", () => {
    const NOW = Date.UTC(2026, 10, 26, 10);
    const finding = (targetId: string): Finding => ({ targetId, targetName: targetId, at: '', total: 1, usableConnections: 10, maxConnections: 13, usagePercent: 10, error: null, topHolders: [] });
    const client = makeQueryClient();
    client.setQueryData(queryKeys.incidentFindings('i1'), [finding('t1')], { updatedAt: NOW - 500 });
    client.setQueryData(queryKeys.incidentFindings('i2'), [finding('t2')], { updatedAt: NOW - 5000 });
    refreshFindings(client, 't1', NOW);
    expect(client.getQueryState(queryKeys.incidentFindings('i1'))?.isInvalidated).toBe(false);
    refreshFindings(client, 't1', NOW + 1000);
    expect(client.getQueryState(queryKeys.incidentFindings('i1'))?.isInvalidated).toBe(true);
    expect(client.getQueryState(queryKeys.incidentFindings('i2'))?.isInvalidated).toBe(false);
  });
});
