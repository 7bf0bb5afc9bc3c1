import { updateOf } from './channel/post';
import type { StatusUpdateView, TimelineEntryView } from './types';

/**
 * The status update a timeline entry records, or null for any other entry. Pure: the incident
 * view picks the latest one for the top of the page, the timeline shows each as three parts.
 */
export function statusUpdateOf(entry: TimelineEntryView): StatusUpdateView | null {
  const update = entry.kind === 'status_update' ? updateOf(entry.data) : null;
  return update && { id: entry.id, at: entry.at, author: entry.author, ...update };
}
