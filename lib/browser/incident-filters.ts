import { INCIDENT_SEVERITIES, STATUSES, type IncidentStatus, type IncidentSeverity } from '@/lib/incidents/choices';

/**
 * The incident list's filters, kept in the URL (`?status=open&severity=SEV1`) so a filtered list
 * can be shared. One parser for the server page and the browser; unknown values are dropped
 * rather than sent to the API, which would refuse them.
 */
export type StatusFilter = IncidentStatus | 'open';

export interface IncidentFilters {
  status?: StatusFilter;
  severity?: IncidentSeverity;
}

export const STATUS_FILTERS: readonly StatusFilter[] = ['open', ...STATUSES];

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function first(params: SearchParamsLike, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

function isOneOf<T extends string>(values: readonly T[], value: string | undefined): value is T {
  return value !== undefined && (values as readonly string[]).includes(value);
}

export function parseIncidentFilters(params: SearchParamsLike): IncidentFilters {
  const status = first(params, 'status');
  const severity = first(params, 'severity');
  const filters: IncidentFilters = {};
  if (isOneOf(STATUS_FILTERS, status)) filters.status = status;
  if (isOneOf(INCIDENT_SEVERITIES, severity)) filters.severity = severity;
  return filters;
}

/** The query string for these filters, for the API and for the page's URL alike. */
export function incidentFiltersQuery(filters: IncidentFilters): string {
  const search = new URLSearchParams();
  if (filters.status) search.set('status', filters.status);
  if (filters.severity) search.set('severity', filters.severity);
  const text = search.toString();
  return text ? `?${text}` : '';
}
