import 'server-only';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';

/** Beside the evaluator's 724_319_001 (and apart from the targets' (724319002, hash) pairs). */
const MAINTENANCE_LOCK = 724_319_003;

/**
 * Runs `fn` in a transaction holding the maintenance advisory lock, or returns `skipped` when
 * another replica holds it. A transaction-scoped lock (not a session one) because Prisma's pool
 * gives no session to keep; each unit of work (a rollup run, one prune batch) takes it anew, so
 * no transaction stays open across batches.
 */
export async function withMaintenanceLock<T>(
  db: Db,
  fn: (tx: Prisma.TransactionClient) => Promise<T>,
  timeoutMs = 120_000,
): Promise<{ skipped: true } | { skipped: false; value: T }> {
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${MAINTENANCE_LOCK}::bigint) AS locked`;
      if (!lock?.locked) return { skipped: true as const };
      return { skipped: false as const, value: await fn(tx) };
    },
    { maxWait: 5_000, timeout: timeoutMs },
  );
}
