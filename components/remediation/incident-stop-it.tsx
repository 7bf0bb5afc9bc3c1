'use client';

import type { IncidentView } from '@/lib/incidents/types';
import { StopItPanel } from './stop-it-panel';

/**
 * "Stop it" beside the finding on the incident page: one panel per linked target while the
 * incident is open (each panel hides itself from viewers and for PgBouncer targets). The
 * setting is changed on the target page, not here.
 */
export function IncidentStopIt({ incident }: { incident: IncidentView }) {
  if (incident.status === 'resolved') return null;
  return (
    <>
      {incident.targets.map((target) => (
        <StopItPanel key={target.id} targetId={target.id} allowToggle={false} />
      ))}
    </>
  );
}
