import 'server-only';
import type { Db } from '../store/db';
import { DEFAULT_BATCH, drain } from '../retention/batches';
import { cutoffBefore, type KeepFloors } from '../retention/keep';

export interface RetentionOptions {
  /** Raw samples older than this are deleted, once their minute is rolled up. */
  rawRetentionMs: number;
  /** Minute rollups older than this are deleted. */
  rollupRetentionMs: number;
  now?: Date;
  /** Rows per DELETE: small, so each statement is short and the store keeps taking samples. */
  batchSize?: number;
  /** Per target, from when an incident still shows its samples (lib/retention/keep.ts): kept whatever their age. */
  floors?: KeepFloors;
}

export interface PruneResult {
  samples: number;
  rollups: number;
}

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
    const floor = options.floors?.byTarget.get(id);
    const rawBefore = cutoffBefore(rawCutoff, floor);
    const rollupBefore = cutoffBefore(rollupCutoff, floor);
    result.samples += await drain(db, batch, (tx) => tx.$executeRaw`
      DELETE FROM samples WHERE ctid IN (
        SELECT ctid FROM samples
        WHERE target_id = ${id}::uuid
          AND at < least(${rawBefore}::timestamptz,
                         coalesce((SELECT max(bucket) FROM sample_rollups WHERE target_id = ${id}::uuid), '-infinity'::timestamptz))
        LIMIT ${batch}::int)`);
    result.rollups += await drain(db, batch, (tx) => tx.$executeRaw`
      DELETE FROM sample_rollups WHERE ctid IN (
        SELECT ctid FROM sample_rollups WHERE target_id = ${id}::uuid AND bucket < ${rollupBefore}::timestamptz LIMIT ${batch}::int)`);
  }
  return result;
}

