import 'server-only';
import { getIncident } from '../incidents/get';
import type { IncidentView } from '../incidents/types';
import type { Db } from '../store/db';
import { snapshotWithCauses } from './moment';
import type { SnapshotWithCauses } from './types';

/** "Who held the connections at the peak" of one linked target: the sample with the most connections inside the incident window. */
export interface IncidentPeak {
  targetId: string;
  targetName: string;
  /** The window searched (ISO): the incident's start to its resolution, or to now while it lasts. */
  from: string;
  to: string;
  /** Null when no sample with figures is kept for the window (retention, or the target was unreachable throughout). */
  snapshot: SnapshotWithCauses | null;
}

/** GET /api/incidents/{id}/peak: the peak of every linked target, by name; 404 for an unknown incident. */
export async function getIncidentPeaks(db: Db, incidentId: string, now = new Date()): Promise<IncidentPeak[]> {
  return incidentPeaks(db, await getIncident(db, incidentId), now);
}

/** For the incident page and the postmortem: one peak per linked target. */
export async function incidentPeaks(db: Db, incident: Pick<IncidentView, 'startedAt' | 'resolvedAt' | 'targets'>, now: Date): Promise<IncidentPeak[]> {
  const from = new Date(incident.startedAt);
  const to = incident.resolvedAt ? new Date(incident.resolvedAt) : now;
  const targets = [...incident.targets].sort((a, b) => a.name.localeCompare(b.name));
  return Promise.all(
    targets.map(async (target) => ({
      targetId: target.id,
      targetName: target.name,
      from: from.toISOString(),
      to: to.toISOString(),
      snapshot: await peakSnapshot(db, target, from, to),
    })),
  );
}

/** The first sample holding the window's most connections (a saturated server stays at its peak: the first is when it got there). */
async function peakSnapshot(db: Db, target: { id: string; name: string }, from: Date, to: Date): Promise<SnapshotWithCauses | null> {
  const rows = await db.$queryRaw<{ at: Date }[]>`
    SELECT at FROM samples
    WHERE target_id = ${target.id}::uuid AND at >= ${from}::timestamptz AND at <= ${to}::timestamptz AND total IS NOT NULL
    ORDER BY total DESC, at ASC LIMIT 1`;
  const peak = rows[0];
  return peak ? snapshotWithCauses(db, target, peak.at) : null;
}
