'use client';

import Link from 'next/link';
import { DataTable, type Column } from '@/components/ui/data-table';
import { Instant } from '@/components/ui/instant';
import { useIncidents } from '@/lib/browser/hooks/use-incidents';
import { useNow } from '@/lib/browser/hooks/use-now';
import type { IncidentFilters } from '@/lib/browser/incident-filters';
import { incidentDurationSeconds } from '@/lib/browser/incident-time';
import { formatDuration } from '@/lib/format/duration';
import { ChecklistProgress } from './checklist-progress';
import { SeverityBadge, StatusBadge } from './severity-badge';

const COLUMNS: Column[] = [
  { label: 'Incident' },
  { label: 'Severity' },
  { label: 'Status' },
  { label: 'Started' },
  { label: 'Duration', num: true },
  { label: 'Checklist' },
  { label: 'Commander' },
  { label: 'Targets' },
];

export function IncidentList({ filters }: { filters: IncidentFilters }) {
  const incidents = useIncidents(filters);
  // Open incidents' durations grow while the page is open.
  const now = useNow(30_000);

  if (incidents.isPending) return <p className="muted">Loading incidents…</p>;
  if (incidents.error) return <p className="banner banner-critical">Cannot load incidents: {incidents.error.message}</p>;
  if (incidents.data.length === 0) {
    return (
      <p className="empty muted" data-testid="incidents-empty">
        {filters.status || filters.severity ? 'No incident matches these filters.' : 'No incidents yet. Declare one from the header when something is wrong.'}
      </p>
    );
  }

  return (
    <DataTable columns={COLUMNS} className="incidents" testId="incidents-table">
      {incidents.data.map((incident) => (
        <tr key={incident.id} data-testid="incident-row" data-status={incident.status} className={incident.status === 'resolved' ? 'resolved' : undefined}>
          <td>
            <Link href={`/incidents/${incident.id}`}>
              <span className="mono">INC-{incident.number}</span> {incident.title}
            </Link>
          </td>
          <td>
            <SeverityBadge severity={incident.severity} />
          </td>
          <td>
            <StatusBadge status={incident.status} />
          </td>
          <td>
            <Instant at={incident.startedAt} />
          </td>
          <td className="num">
            {formatDuration(incidentDurationSeconds(incident, now))}
            {!incident.resolvedAt && <span className="muted"> so far</span>}
          </td>
          <td>
            <ChecklistProgress done={incident.checklistDone} total={incident.checklistTotal} />
          </td>
          <td>{incident.commander || <span className="muted">–</span>}</td>
          <td>{incident.targets.map((t) => t.name).join(', ') || <span className="muted">–</span>}</td>
        </tr>
      ))}
    </DataTable>
  );
}
