'use client';

import Link from 'next/link';
import type { z } from 'zod';
import { ErrorBanner } from '@/components/ui/error-banner';
import type { incidentUpdateSchema } from '@/lib/incidents/schema';
import type { ReminderMinutes } from '@/lib/incidents/channel/reminders';
import { useIncident, useUpdateIncident } from '@/lib/browser/hooks/use-incident';
import { withPerson } from '@/lib/browser/person';
import { Checklist } from './checklist';
import { IncidentDetails } from './incident-details';
import { IncidentHeader } from './incident-header';
import { PeakPanel } from './peak-panel';
import { PoolCheckTop } from './pool-check-top';
import { StatusUpdatePanel } from './status-update-panel';
import { Timeline } from './timeline';
import { IncidentStopIt } from '@/components/remediation/incident-stop-it';

export type IncidentPatch = Omit<z.input<typeof incidentUpdateSchema>, 'by'>;

/**
 * One incident, worked on by several people at once: everything here follows the live feed.
 * `reminderMinutes` is the server's configuration (how often each severity expects a status update).
 */
export function IncidentWorkspace({ id, reminderMinutes }: { id: string; reminderMinutes: ReminderMinutes }) {
  const incident = useIncident(id);
  const update = useUpdateIncident(id);

  if (incident.isPending) return <p className="muted">Loading incident…</p>;
  if (incident.error) {
    return (
      <div className="empty">
        <p className="banner banner-critical">{incident.error.message}</p>
        <Link href="/incidents">Back to incidents</Link>
      </div>
    );
  }

  const patch = (fields: IncidentPatch, onSuccess?: () => void) => withPerson((by) => update.mutate({ ...fields, by }, { onSuccess }));
  const data = incident.data;
  return (
    <div className="incident" data-testid="incident" data-incident-id={data.id}>
      <IncidentHeader incident={data} patch={patch} pending={update.isPending} />
      <StatusUpdatePanel incident={data} reminderMinutes={reminderMinutes} />
      <PoolCheckTop incident={data} />
      <IncidentStopIt incident={data} />
      <ErrorBanner testId="update-error">{update.error?.message}</ErrorBanner>
      <IncidentDetails incident={data} patch={patch} pending={update.isPending} />
      <PeakPanel incident={data} />
      <div className="incident-columns">
        <Checklist incident={data} />
        <Timeline incident={data} />
      </div>
    </div>
  );
}
