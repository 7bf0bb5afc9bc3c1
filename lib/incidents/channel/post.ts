import { INCIDENT_ROLES, type IncidentSeverity, type IncidentStatus } from '../choices';

/**
 * What an incident's channel is told, decided without the store: which timeline entries are worth
 * a message there (declaration, status and severity changes, role changes, status updates) and the
 * message itself, stored as the delivery's payload (lib/incidents/channel/outbox.ts) and rendered
 * for Slack when sent (lib/incidents/channel/slack.ts), so a retry still tells that moment. Pure.
 */

export type IncidentPostEvent = 'declared' | 'status' | 'severity' | 'role' | 'status_update' | 'reminder';

/** The incident as it was when the message was made. */
export interface PostedIncident {
  id: string;
  number: number;
  title: string;
  severity: IncidentSeverity;
  status: IncidentStatus;
  commander: string;
  scribe: string;
  communicationsLead: string;
}

/** Stored in Delivery.payload for deliveries of event INCIDENT_POST. */
export interface IncidentPost {
  event: IncidentPostEvent;
  incident: PostedIncident;
  author: string;
  at: string;
  /** The timeline's sentence ("Status changed from investigating to identified"). */
  text: string;
  /** status_update only. */
  update: { conditions: string; actions: string; needs: string } | null;
  /** reminder only: how long the incident has gone without a status update, and how often one is expected. */
  overdue: { secondsSince: number; everySeconds: number } | null;
}

/** Delivery.event of a message to an incident's channel. */
export const INCIDENT_POST = 'incident';

/** Deliveries of one incident share a group key, so the worker sends them in order. */
export const incidentGroupKey = (incidentId: string) => `incident/${incidentId}`;

/** The entries the channel hears of; notes, ticks, alerts and other field edits stay on the page. */
export function postEventOf(entry: { kind: string; data?: unknown }): IncidentPostEvent | null {
  switch (entry.kind) {
    case 'created':
      return 'declared';
    case 'status':
    case 'severity':
    case 'status_update':
      return entry.kind;
    case 'field': {
      const field = (entry.data as { field?: unknown } | undefined)?.field;
      return INCIDENT_ROLES.some((role) => role === field) ? 'role' : null;
    }
    default:
      return null;
  }
}

/** The CAN parts of a status_update entry's data; null for anything else. */
export function updateOf(data: unknown): IncidentPost['update'] {
  const value = data as Partial<Record<'conditions' | 'actions' | 'needs', unknown>> | null | undefined;
  if (typeof value?.conditions !== 'string' || typeof value.actions !== 'string') return null;
  return { conditions: value.conditions, actions: value.actions, needs: typeof value.needs === 'string' ? value.needs : '' };
}
