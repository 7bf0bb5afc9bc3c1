import 'server-only';
import type { Db } from '../store/db';
import { withMaintenanceLock } from './maintenance-lock';

export interface RetentionOptions {
  /** Raw samples older than this are deleted, once their minute is rolled up. */
  rawRetentionMs: number;
  /** Minute rollups older than this are deleted. */
  rollupRetentionMs: number;
  now?: Date;
  /** Rows per DELETE: small, so each statement is short and the store keeps taking samples. */
  batchSize?: number;
}

export interface PruneResult {
  samples: number;
  rollups: number;
}

const DEFAULT_BATCH = 5_000;

/**
 * Deletes expired raw samples and rollups, target by target in small batches (each a short
 * transaction, found through the (target_id, at|bucket) primary key rather than a scan). A raw
 * sample goes only if its minute lies before the target's latest rolled-up minute: rollups are
 * written in time order, so everything before that minute is already in sample_rollups, and a
 * stalled rollup job means raw data is kept rather than lost.
 */
export async function pruneOnce(db: Db, options: RetentionOptions): Promise<PruneResult> {
  const now = options.now ?? new Date();
  const batch = options.batchSize ?? DEFAULT_BATCH;
  const rawCutoff = new Date(now.getTime() - options.rawRetentionMs);
  const rollupCutoff = new Date(now.getTime() - options.rollupRetentionMs);
  const targets = await db.target.findMany({ select: { id: true } });
  const result: PruneResult = { samples: 0, rollups: 0 };
  for (const { id } of targets) {
    result.samples += await drain(batch, (tx) => tx.$executeRaw`
      DELETE FROM samples WHERE ctid IN (
        SELECT ctid FROM samples
        WHERE target_id = ${id}::uuid
          AND at < least(${rawCutoff}::timestamptz,
                         coalesce((SELECT max(bucket) FROM sample_rollups WHERE target_id = ${id}::uuid), '-infinity'::timestamptz))
        LIMIT ${batch}::int)`);
    result.rollups += await drain(batch, (tx) => tx.$executeRaw`
      DELETE FROM sample_rollups WHERE ctid IN (
        SELECT ctid FROM sample_rollups WHERE target_id = ${id}::uuid AND bucket < ${rollupCutoff}::timestamptz LIMIT ${batch}::int)`);
  }
  return result;

  /** Repeats one batch until it deletes less than a full batch (or another replica has the lock). */
  async function drain(size: number, deleteBatch: Parameters<typeof withMaintenanceLock<number>>[1]): Promise<number> {
    let total = 0;
    for (;;) {
      const step = await withMaintenanceLock(db, deleteBatch, 30_000);
      if (step.skipped) return total;
      total += step.value;
      if (step.value < size) return total;
    }
  }
}
