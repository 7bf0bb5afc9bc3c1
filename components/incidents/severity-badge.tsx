import { INCIDENT_SEVERITY_MEANINGS, type IncidentStatus, type IncidentSeverity } from '@/lib/incidents/choices';

/** SEV1–SEV4, its meaning on hover: a label people argue about less when the meaning is one hover away. */
export function SeverityBadge({ severity }: { severity: IncidentSeverity }) {
  return (
    <span className={`badge sev sev-${severity.toLowerCase()}`} title={INCIDENT_SEVERITY_MEANINGS[severity]} data-testid="incident-severity" data-severity={severity}>
      {severity}
    </span>
  );
}

export const STATUS_LABEL: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export function StatusBadge({ status, testId }: { status: IncidentStatus; testId?: string }) {
  return (
    <span className={`badge status status-${status}`} data-testid={testId} data-status={status}>
      {STATUS_LABEL[status]}
    </span>
  );
}
