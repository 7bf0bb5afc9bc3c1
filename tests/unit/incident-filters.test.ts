import { describe, expect, it } from 'vitest';
import { incidentFiltersQuery, parseIncidentFilters } from '@/lib/browser/incident-filters';

describe('incident list filters', () => {
  it('reads status and severity from the URL, from either form of search params', () => {
    expect(parseIncidentFilters({ status: 'open', severity: 'SEV1' })).toEqual({ status: 'open', severity: 'SEV1' });
    expect(parseIncidentFilters(new URLSearchParams('status=resolved'))).toEqual({ status: 'resolved' });
    expect(parseIncidentFilters({ status: ['monitoring', 'open'] })).toEqual({ status: 'monitoring' });
  });

  it('drops values the API would refuse', () => {
    expect(parseIncidentFilters({ status: 'closed', severity: 'sev1' })).toEqual({});
  });

  it('writes the same filters back as a query string', () => {
    expect(incidentFiltersQuery({})).toBe('');
    expect(incidentFiltersQuery({ status: 'open', severity: 'SEV2' })).toBe('?status=open&severity=SEV2');
    expect(parseIncidentFilters(new URLSearchParams(incidentFiltersQuery({ severity: 'SEV3' })))).toEqual({ severity: 'SEV3' });
  });
});
