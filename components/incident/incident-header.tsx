'use client';

import Link from 'next/link';
import { INCIDENT_SEVERITIES, INCIDENT_SEVERITY_MEANINGS, STATUSES, type IncidentStatus, type IncidentSeverity } from '@/lib/incidents/choices';
import type { IncidentView } from '@/lib/incidents/types';
import { SeverityBadge, STATUS_LABEL, StatusBadge } from '@/components/incidents/severity-badge';
import { useMayAct } from '@/lib/browser/hooks/use-session';
import type { IncidentPatch } from './incident-workspace';

/** The button that moves an incident to each status, worded as the action people take. */
const ACTION: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Cause identified',
  monitoring: 'Fix deployed: monitoring',
  resolved: 'Resolve',
};

interface Props {
  incident: IncidentView;
  patch: (fields: IncidentPatch) => void;
  pending: boolean;
}

/**
 * Number, title, severity and the lifecycle. Later statuses are offered, not only the next one:
 * people often find the cause and ship the fix before anyone updates the page. A viewer sees the
 * status and severity, without the controls that change them.
 */
export function IncidentHeader({ incident, patch, pending }: Props) {
  const index = STATUSES.indexOf(incident.status);
  const mayEdit = useMayAct('responder');
  const next = mayEdit ? STATUSES.slice(index + 1) : [];
  return (
    <section className="incident-header">
      <div className="title-row">
        <span className="mono muted">INC-{incident.number}</span>
        <h1 data-testid="incident-title">{incident.title}</h1>
        <SeverityBadge severity={incident.severity} />
        <StatusBadge status={incident.status} testId="incident-status" />
      </div>
      <div className="lifecycle" role="group" aria-label="Status">
        {next.map((status) => (
          <button key={status} type="button" className={status === 'resolved' ? 'primary' : undefined} disabled={pending} onClick={() => patch({ status })} data-testid={`status-${status}`}>
            {ACTION[status]}
          </button>
        ))}
        {mayEdit && incident.status === 'resolved' && (
          <button type="button" disabled={pending} onClick={() => patch({ status: 'investigating', resolvedAt: null })} data-testid="status-reopen">
            Reopen
          </button>
        )}
        {mayEdit && (
          <label className="inline-field">
            Severity{' '}
            <select value={incident.severity} disabled={pending} onChange={(e) => patch({ severity: e.target.value as IncidentSeverity })} data-testid="severity-select">
              {INCIDENT_SEVERITIES.map((sev) => (
                <option key={sev} value={sev} title={INCIDENT_SEVERITY_MEANINGS[sev]}>
                  {sev} — {INCIDENT_SEVERITY_MEANINGS[sev].split(':')[0]}
                </option>
              ))}
            </select>
          </label>
        )}
        <Link className="button" href={`/incidents/${incident.id}/postmortem`}>
          Postmortem
        </Link>
        <a className="button" href={`/api/incidents/${incident.id}/postmortem`} download data-testid="postmortem-download">
          Download postmortem
        </a>
      </div>
      <p className="visually-hidden" aria-live="polite">
        Status: {STATUS_LABEL[incident.status]}
      </p>
    </section>
  );
}
