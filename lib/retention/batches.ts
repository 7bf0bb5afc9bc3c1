import 'server-only';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import { withMaintenanceLock } from '../samples/maintenance-lock';

/** Rows per DELETE: small, so each statement is short and the store keeps taking samples and reports. */
export const DEFAULT_BATCH = 5_000;

/**
 * Runs one batch delete (each its own short transaction under the maintenance lock) until it
 * deletes less than a full batch, or another replica holds the lock. Returns the rows deleted.
 * Each batch finds its rows through an index and deletes them by ctid, so no statement scans or
 * locks more than `size` rows.
 */
export async function drain(db: Db, size: number, deleteBatch: (tx: Prisma.TransactionClient) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const step = await withMaintenanceLock(db, deleteBatch, 30_000);
    if (step.skipped) return total;
    total += step.value;
    if (step.value < size) return total;
  }
}
