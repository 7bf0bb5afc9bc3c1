import 'server-only';
import type { Db } from '../store/db';
import { Prisma } from '../generated/prisma/client';
import { DEFAULT_BATCH, drain } from '../retention/batches';
import { cutoffBefore, type KeepFloors } from '../retention/keep';
import { isDayPartition, quoteIdent } from './partition-days';
import { dropExpiredSamplePartitions, listSamplePartitions } from './partitions';

export interface RetentionOptions {
  /** Raw samples older than this are deleted (a day partition once all of it is), once their minute is rolled up. */
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
  /** Raw samples deleted row by row (from partitions other than day partitions). */
  samples: number;
  /** Day partitions of raw samples dropped whole. */
  samplePartitions: number;
  rollups: number;
}

/**
 * Expires raw samples and rollups. Raw samples first go a day at a time: every day partition
 * wholly older than the raw retention is dropped (lib/samples/partitions.ts), unless it still
 * holds rows that must stay; a partition that reaches into the retention window is kept whole, so
 * raw samples live between the retention and the retention plus a day. What lies outside day
 * partitions (samples_legacy, the table from before partitioning, and samples_default, rows no day
 * partition covered) and the rollups are deleted target by target in small batches (each a short
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
  const floors = options.floors ?? { any: null, byTarget: new Map() };
  const dropped = await dropExpiredSamplePartitions(db, rawCutoff, floors);
  const rowWise = (await listSamplePartitions(db)).filter((partition) => !isDayPartition(partition)).map((partition) => Prisma.raw(quoteIdent(partition.name)));
  const targets = await db.target.findMany({ select: { id: true } });
  const result: PruneResult = { samples: 0, samplePartitions: dropped.dropped.length, rollups: 0 };
  for (const { id } of targets) {
    const floor = floors.byTarget.get(id);
    const rawBefore = cutoffBefore(rawCutoff, floor);
    const rollupBefore = cutoffBefore(rollupCutoff, floor);
    for (const table of rowWise) {
      result.samples += await drain(db, batch, (tx) => tx.$executeRaw`
        DELETE FROM ${table} WHERE ctid IN (
          SELECT ctid FROM ${table}
          WHERE target_id = ${id}::uuid
            AND at < least(${rawBefore}::timestamptz,
                           coalesce((SELECT max(bucket) FROM sample_rollups WHERE target_id = ${id}::uuid), '-infinity'::timestamptz))
          LIMIT ${batch}::int)`);
    }
    result.rollups += await drain(db, batch, (tx) => tx.$executeRaw`
      DELETE FROM sample_rollups WHERE ctid IN (
        SELECT ctid FROM sample_rollups WHERE target_id = ${id}::uuid AND bucket < ${rollupBefore}::timestamptz LIMIT ${batch}::int)`);
  }
  return result;
}
