import 'server-only';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from './db';

/** A Prisma client inside a transaction; the process-wide client is one too, so helpers take either. */
export type Tx = Prisma.TransactionClient;

/**
 * A write that must land whole (a change plus its timeline entry, audit row or NOTIFY) runs in one
 * interactive transaction. The waits are longer than Prisma's defaults (2 s / 5 s) because during
 * an incident many people act at once: twenty checklist ticks queued on one row lock must wait
 * their turn, not fail.
 */
const OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;

export function transaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(work, OPTIONS);
}

/**
 * The store's clock, to the millisecond the columns keep. Used for every recorded time so that
 * replicas with slightly different clocks still write one consistent timeline.
 */
export async function storeNow(tx: Tx): Promise<Date> {
  const rows = await tx.$queryRaw<{ now: Date }[]>`SELECT date_trunc('milliseconds', clock_timestamp()) AS now`;
  return rows[0]?.now ?? new Date();
}
