import 'server-only';
import type { Db } from '../store/db';
import { chartWindow } from '../postmortem/window';

/**
 * From when on the series must be kept because an incident may still show them: an open
 * incident (its charts, time travel and live evidence), or a resolved one whose postmortem has
 * no copy of its figures for its current times yet (lib/postmortem/figures.ts takes it). Each
 * floor is the start of the incident's chart window (its start less the chart's margin).
 */
export interface KeepFloors {
  /** The earliest floor of any such incident: for data not tied to a target id (pool reports, alert history). */
  any: Date | null;
  /** Per linked target: for samples and PgBouncer pools. */
  byTarget: Map<string, Date>;
}

export async function keepFloors(db: Db, now: Date): Promise<KeepFloors> {
  const rows = await db.$queryRaw<{ started_at: Date; resolved_at: Date | null; targets: string[] }[]>`
    SELECT i.started_at, i.resolved_at, array_remove(array_agg(it.target_id::text), NULL) AS targets
    FROM incidents i
    LEFT JOIN postmortem_figures f ON f.incident_id = i.id
    LEFT JOIN incident_targets it ON it.incident_id = i.id
    WHERE i.resolved_at IS NULL OR f.incident_id IS NULL OR f.started_at <> i.started_at OR f.resolved_at <> i.resolved_at
    GROUP BY i.id`;
  const floors: KeepFloors = { any: null, byTarget: new Map() };
  for (const row of rows) {
    const from = new Date(chartWindow({ startedAt: row.started_at.toISOString(), resolvedAt: row.resolved_at?.toISOString() ?? null }, now).from);
    if (!floors.any || from < floors.any) floors.any = from;
    for (const targetId of row.targets) {
      const current = floors.byTarget.get(targetId);
      if (!current || from < current) floors.byTarget.set(targetId, from);
    }
  }
  return floors;
}

/** The earlier of a retention cut-off and a floor: what may go is before both. */
export function cutoffBefore(cutoff: Date, floor: Date | null | undefined): Date {
  return floor && floor < cutoff ? floor : cutoff;
}
