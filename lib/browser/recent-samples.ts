import type { Snapshot } from '@/lib/samples/types';

/** Enough to cover one series request in flight at a one-second interval, with room to spare. */
const KEPT = 16;
const recent = new Map<string, Snapshot[]>();

/**
 * The last few pushed samples per target. A series fetched while samples arrive answers as of its
 * start; the samples pushed meanwhile were written into the data it replaces, so they are replayed
 * onto the fresh answer instead of being lost until the next refetch.
 */
export function rememberSample(snapshot: Snapshot): void {
  const list = recent.get(snapshot.targetId) ?? [];
  list.push(snapshot);
  if (list.length > KEPT) list.shift();
  recent.set(snapshot.targetId, list);
}

export function recentSamples(targetId: string): readonly Snapshot[] {
  return recent.get(targetId) ?? [];
}
