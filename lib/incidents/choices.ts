/**
 * An incident's severities (with what each means), statuses and roles, without zod:
 * pickers and badges in the browser read them, and zod would weigh on those pages' first load
 * (issue 12). The schema builds its enums from these same lists and re-exports them.
 */

/** An incident's severity; not an alert's warning/critical (lib/alerts/choices.ts). */
export const INCIDENT_SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** One line each, shown beside the picker. */
export const INCIDENT_SEVERITY_MEANINGS: Record<IncidentSeverity, string> = {
  SEV1: 'Critical: the service is down or data is at risk for many customers',
  SEV2: 'Major: a core feature is failing or badly degraded for many customers',
  SEV3: 'Minor: partial degradation, a workaround exists or few customers are affected',
  SEV4: 'Low: no customer impact yet, a risk worth tracking',
};

export const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof STATUSES)[number];

/** The incident roles a person can hold, with their names on the page. */
export const INCIDENT_ROLES = ['commander', 'scribe', 'communicationsLead'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];
export const INCIDENT_ROLE_LABELS: Record<IncidentRole, string> = { commander: 'Commander', scribe: 'Scribe', communicationsLead: 'Communications lead' };
