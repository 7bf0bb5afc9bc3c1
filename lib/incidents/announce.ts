import { INCIDENTS_CHANNEL } from './channel';
import type { Tx } from '../store/transaction';

/**
 * Tells every replica's browsers that an incident changed, so they refetch it. Call it inside
 * the transaction that made the change: NOTIFY is delivered on commit, never for a rollback,
 * so a browser that refetches on the event always sees the change.
 */
export async function announceIncident(tx: Tx, incidentId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${INCIDENTS_CHANNEL}, ${incidentId}::text)`;
}
