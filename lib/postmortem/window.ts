import type { IncidentView } from '../incidents/types';

/** Context before and after the incident, as a share of its duration (at least a minute). */
const MARGIN_SHARE = 0.1;
const MIN_MARGIN_MS = 60_000;

type IncidentTimes = Pick<IncidentView, 'startedAt' | 'resolvedAt'>;

/** [start − margin, end + margin], where an ongoing incident ends now and the window never runs past now. Pure. */
export function chartWindow(incident: IncidentTimes, now: Date): { from: number; to: number } {
  const start = Date.parse(incident.startedAt);
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now.getTime();
  const margin = marginMs(start, end);
  const from = start - margin;
  return { from, to: Math.max(from + MIN_MARGIN_MS, Math.min(end + margin, now.getTime())) };
}

/** Whether the chart window of a resolved incident is complete: its margin after the resolve time has passed. */
export function windowClosed(incident: IncidentTimes, now: Date): boolean {
  if (!incident.resolvedAt) return false;
  const start = Date.parse(incident.startedAt);
  const end = Date.parse(incident.resolvedAt);
  return now.getTime() >= end + marginMs(start, end);
}

function marginMs(start: number, end: number): number {
  return Math.max(MIN_MARGIN_MS, (end - start) * MARGIN_SHARE);
}
