import 'server-only';
import type { Db } from '../store/db';
import { pruneOnce } from '../samples/retention';
import { DEFAULT_BATCH } from './batches';
import { pruneAlertHistory, pruneAudit, pruneDeliveries, pruneDrills, pruneReports, prunePooler } from './history';
import { keepFloors } from './keep';
import type { RetentionPolicy } from './policy';

/** Rows deleted per table by one prune (and the day partitions of samples dropped). */
export interface PruneReport {
  /** Raw samples deleted row by row (outside day partitions). */
  samples: number;
  /** Day partitions of raw samples dropped whole. */
  samplePartitions: number;
  sampleRollups: number;
  reports: number;
  reportRollups: number;
  poolerSamples: number;
  poolerRollups: number;
  alertEvents: number;
  externalAlerts: number;
  deliveries: number;
  drills: number;
  auditEntries: number;
}

/**
 * Prunes every growing table by its retention, one after the other, each in short batches. What
 * an open incident (or a resolved one whose postmortem has no copy of its figures yet) may still
 * show is kept, whatever its age: the floors are read once, at the start.
 */
export async function pruneAll(db: Db, policy: RetentionPolicy, options: { now?: Date; batchSize?: number } = {}): Promise<PruneReport> {
  const now = options.now ?? new Date();
  const batch = options.batchSize ?? DEFAULT_BATCH;
  const floors = await keepFloors(db, now);
  const cutoffs = { now, batch, floors };
  const samples = await pruneOnce(db, { now, batchSize: batch, rawRetentionMs: policy.samplesMs, rollupRetentionMs: policy.sampleRollupsMs, floors });
  const reports = await pruneReports(db, cutoffs, { rawMs: policy.reportsMs, rollupMs: policy.reportRollupsMs });
  const pooler = await prunePooler(db, cutoffs, { rawMs: policy.poolerMs, rollupMs: policy.poolerRollupsMs });
  return {
    samples: samples.samples,
    samplePartitions: samples.samplePartitions,
    sampleRollups: samples.rollups,
    ...reports,
    ...pooler,
    ...(await pruneAlertHistory(db, cutoffs, policy.alertHistoryMs)),
    deliveries: await pruneDeliveries(db, cutoffs, policy.deliveriesMs),
    drills: await pruneDrills(db, cutoffs, policy.drillsMs),
    auditEntries: await pruneAudit(db, cutoffs, policy.auditMs),
  };
}
