import 'server-only';
import type { Tx } from '../store/transaction';

/**
 * Every LISTEN/NOTIFY channel Lifeguard uses, and the one function that notifies on each. Live
 * updates reach every replica's browsers (and collectors) through these, so a newcomer finds in
 * one place what is announced, with which payload, and who listens (lib/events/hub.ts).
 *
 * Notify inside the transaction that made the change: PostgreSQL delivers a NOTIFY on commit and
 * never for a rollback, so whoever refetches on the event always finds the change.
 */
export const CHANNELS = {
  /** A new sample was stored; payload SampleNotification (JSON). Sent by the INSERT itself. */
  samples: 'lifeguard_samples',
  /** A target was added, changed or removed; payload its id, or '*' for several. */
  targets: 'lifeguard_targets',
  /** An incident (or its checklist, timeline, postmortem) changed; payload its id. */
  incidents: 'lifeguard_incidents',
  /** Alerts, rules or silences changed; payload empty: refetch. */
  alerts: 'lifeguard_alerts',
  /**
   * A remediation request (lib/remediation) waits for the collector that owns the target;
   * payload the target id. Only collectors listen (lib/events/hub.ts onRemediationRequested).
   */
  remediation: 'lifeguard_remediation',
  /** Pool reports were ingested; payload a JSON array of their application names, or '*' for too many to list. */
  reports: 'lifeguard_reports',
  /**
   * A collector replica joined, left or released targets it no longer should own; payload empty.
   * Only the collectors' lock sessions listen (lib/collector/ownership.ts): each re-computes the
   * shares at once, so a hand-over takes milliseconds instead of a polling period.
   */
  ownership: 'lifeguard_ownership',
} as const;

/** NOTIFY payloads are limited to 8000 bytes; a longer list of names is sent as '*'. */
const MAX_REPORTS_PAYLOAD = 7000;

/** The payload announcing reports of these applications (see CHANNELS.reports). */
export function reportsPayload(applications: readonly string[]): string {
  const payload = JSON.stringify([...new Set(applications)]);
  return Buffer.byteLength(payload) > MAX_REPORTS_PAYLOAD ? '*' : payload;
}

/** Payload of a notification on CHANNELS.samples. */
export interface SampleNotification {
  targetId: string;
  /** ISO 8601, as in the API. */
  at: string;
}

export async function announceTarget(tx: Tx, targetId: string | '*'): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${CHANNELS.targets}, ${targetId})`;
}

export async function announceIncident(tx: Tx, incidentId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${CHANNELS.incidents}, ${incidentId}::text)`;
}

export async function announceAlerts(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${CHANNELS.alerts}, '')`;
}

export async function announceRemediation(tx: Tx, targetId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${CHANNELS.remediation}, ${targetId}::text)`;
}
