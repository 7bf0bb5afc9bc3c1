import type { TimelineEntryView } from '../incidents/types';

/**
 * A postmortem tells each alert episode once: when it fired and when it resolved. Since issue 15
 * the evaluator keeps a hovering alert firing (keepFiringFor), so the timeline records episodes,
 * not flaps; but incidents recorded before that, and rules tuned without keepFiringFor, hold
 * "resolved … firing …" pairs a few seconds apart for the same alert. Such a pair (fired again
 * within FLAP_MS of resolving, as the built-in criticals' keepFiringFor would have kept it) is
 * folded into the episode around it, and the episode's first entry says how often it flapped.
 * The incident's own timeline keeps every entry. Pure; entries in timeline order.
 */
export const FLAP_MS = 60_000;

interface AlertEntryData {
  alertId: string;
  event: 'firing' | 'resolved';
}

function alertData(entry: TimelineEntryView): AlertEntryData | null {
  if (entry.kind !== 'alert' || typeof entry.data !== 'object' || entry.data === null) return null;
  const { alertId, event } = entry.data as Partial<AlertEntryData>;
  return typeof alertId === 'string' && (event === 'firing' || event === 'resolved') ? { alertId, event } : null;
}

export function foldAlertFlaps(entries: readonly TimelineEntryView[]): TimelineEntryView[] {
  const dropped = new Set<number>();
  const flaps = new Map<number, number>();
  /** Per alert: the entry that opened its current episode, and its latest resolution. */
  const episodes = new Map<string, { opened: number | null; resolved: number | null }>();
  entries.forEach((entry, index) => {
    const data = alertData(entry);
    if (!data) return;
    const episode = episodes.get(data.alertId) ?? { opened: null, resolved: null };
    episodes.set(data.alertId, episode);
    if (data.event === 'resolved') {
      episode.resolved = index;
      return;
    }
    const resolved = episode.resolved === null ? null : entries[episode.resolved];
    if (episode.opened !== null && episode.resolved !== null && resolved && Date.parse(entry.at) - Date.parse(resolved.at) <= FLAP_MS) {
      dropped.add(episode.resolved).add(index);
      flaps.set(episode.opened, (flaps.get(episode.opened) ?? 0) + 1);
    } else {
      episode.opened = index;
    }
    episode.resolved = null;
  });
  return entries.flatMap((entry, index) => {
    if (dropped.has(index)) return [];
    const count = flaps.get(index);
    if (!count) return [entry];
    return [{ ...entry, body: `${entry.body} (flapping: resolved and fired again ${count} ${count === 1 ? 'time' : 'times'} within a minute)` }];
  });
}
