import type { ChecklistItemView, IncidentView, TimelineEntryView } from '@/lib/incidents/types';

/** Pure helpers over the incident shapes, kept out of components so they can be tested alone. */

/** A checklist item replaced in a cached incident, its progress figure kept in step. */
export function withChecklistItem(incident: IncidentView, itemId: string, change: (item: ChecklistItemView) => ChecklistItemView): IncidentView {
  const checklist = incident.checklist.map((item) => (item.id === itemId ? change(item) : item));
  return { ...incident, checklist, checklistDone: checklist.filter((item) => item.checked).length };
}

/** In the order things happened (back-dated notes included); ties in the order they were written. */
export function sortTimeline(entries: readonly TimelineEntryView[]): TimelineEntryView[] {
  return [...entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

/** Written noticeably later than it happened: a reconstructed (back-dated) entry. */
export function isBackdated(entry: Pick<TimelineEntryView, 'at' | 'createdAt'>): boolean {
  return Date.parse(entry.createdAt) - Date.parse(entry.at) > 60_000;
}
