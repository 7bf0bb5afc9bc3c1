'use client';

import { useState } from 'react';
import { Instant } from '@/components/ui/instant';
import { useNow } from '@/lib/browser/hooks/use-now';
import { useMayAct } from '@/lib/browser/hooks/use-session';
import { statusUpdateDueAt, type ReminderMinutes } from '@/lib/incidents/channel/reminders';
import type { IncidentView, StatusUpdateView } from '@/lib/incidents/types';
import { formatDuration } from '@/lib/format/duration';
import { StatusUpdateForm } from './status-update-form';

interface Props {
  incident: IncidentView;
  reminderMinutes: ReminderMinutes;
}

/**
 * The top of the page: the latest "Conditions / Actions / Needs", a reminder when one is overdue
 * (the same rule that reminds the incident's channel), and the form to post the next one.
 */
export function StatusUpdatePanel({ incident, reminderMinutes }: Props) {
  const now = useNow(5_000);
  const mayAct = useMayAct('responder');
  const [writing, setWriting] = useState(false);
  const latest = incident.latestStatusUpdate;
  const dueAt = statusUpdateDueAt({ status: incident.status, severity: incident.severity, lastUpdateAt: new Date(latest?.at ?? incident.createdAt) }, reminderMinutes);
  // useNow is 0 until the page has mounted: no reminder flashes on the server's render.
  const overdue = dueAt !== null && now > 0 && now >= dueAt.getTime();
  return (
    <section className="panel status-update-panel" aria-labelledby="status-update-title" data-testid="status-update-panel">
      <div className="status-update-head">
        <h2 id="status-update-title">Status update</h2>
        {mayAct && !writing && (
          <button type="button" className={overdue ? 'primary' : undefined} onClick={() => setWriting(true)} data-testid="status-update-open">
            Post a status update
          </button>
        )}
      </div>
      {overdue && (
        <p className="banner banner-warning" role="status" data-testid="status-update-overdue">
          Status update overdue: none for {formatDuration((now - Date.parse(latest?.at ?? incident.createdAt)) / 1000)}
          {' '}({incident.severity} expects one every {formatDuration(reminderMinutes[incident.severity] * 60)}).
        </p>
      )}
      {writing && <StatusUpdateForm incidentId={incident.id} onDone={() => setWriting(false)} />}
      {latest ? <StatusUpdateParts update={latest} testId="latest-status-update" /> : <p className="muted">No status update yet.</p>}
    </section>
  );
}

/** Conditions, Actions, Needs, with who wrote them and when; also how the timeline shows each update. */
export function StatusUpdateParts({ update, testId }: { update: Omit<StatusUpdateView, 'id'>; testId?: string }) {
  return (
    <div className="status-update" data-testid={testId}>
      <dl className="can">
        <dt>Conditions</dt>
        <dd className="prewrap">{update.conditions}</dd>
        <dt>Actions</dt>
        <dd className="prewrap">{update.actions}</dd>
        <dt>Needs</dt>
        <dd className="prewrap">{update.needs || <span className="muted">nothing</span>}</dd>
      </dl>
      {testId && (
        <p className="muted">
          by {update.author}, <Instant at={update.at} />
        </p>
      )}
    </div>
  );
}
