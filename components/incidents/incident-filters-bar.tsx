'use client';

import { useRouter } from 'next/navigation';
import { INCIDENT_SEVERITIES, INCIDENT_SEVERITY_MEANINGS } from '@/lib/incidents/choices';
import { incidentFiltersQuery, STATUS_FILTERS, type IncidentFilters } from '@/lib/browser/incident-filters';
import { STATUS_LABEL } from './severity-badge';

/** The filters live in the URL: changing one replaces it, and the page reads it back. */
export function IncidentFiltersBar({ filters }: { filters: IncidentFilters }) {
  const router = useRouter();
  const go = (next: IncidentFilters) => router.replace(`/incidents${incidentFiltersQuery(next)}`, { scroll: false });

  return (
    <div className="filters" role="search">
      <label>
        Status{' '}
        <select value={filters.status ?? ''} onChange={(e) => go({ ...filters, status: (e.target.value || undefined) as IncidentFilters['status'] })} data-testid="filter-status">
          <option value="">Any</option>
          {STATUS_FILTERS.map((status) => (
            <option key={status} value={status}>
              {status === 'open' ? 'Open (not resolved)' : STATUS_LABEL[status]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Severity{' '}
        <select value={filters.severity ?? ''} onChange={(e) => go({ ...filters, severity: (e.target.value || undefined) as IncidentFilters['severity'] })} data-testid="filter-severity">
          <option value="">Any</option>
          {INCIDENT_SEVERITIES.map((sev) => (
            <option key={sev} value={sev} title={INCIDENT_SEVERITY_MEANINGS[sev]}>
              {sev}
            </option>
          ))}
        </select>
      </label>
      {(filters.status || filters.severity) && (
        <button type="button" className="link-button" onClick={() => go({})}>
          Clear filters
        </button>
      )}
    </div>
  );
}
