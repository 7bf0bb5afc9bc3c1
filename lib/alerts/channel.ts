import type { Tx } from '../store/transaction';

/** LISTEN/NOTIFY channel telling every replica's browsers that alerts changed (payload empty: refetch). */
export const ALERTS_CHANNEL = 'lifeguard_alerts';

/** Inside the transaction that changed alerts: delivered on commit, never for a rollback. */
export async function announceAlerts(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${ALERTS_CHANNEL}, '')`;
}
