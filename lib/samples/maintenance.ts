import 'server-only';
import type { Db } from '../store/db';
import { failureStreak, startSerialLoop } from '../serial-loop';
import { config } from '../config';
import { rollupReportsOnce } from '../applications/rollup';
import { rollupPoolerOnce } from '../pooler/rollup';
import { freezeClosedIncidents } from '../postmortem/figures';
import { retentionPolicy, type RetentionPolicy } from '../retention/policy';
import { pruneAll, type PruneReport } from '../retention/prune';
import { ensureSamplePartitions } from './partitions';
import { rollupOnce } from './rollup';

export interface MaintenanceOptions {
  db: Db;
  /** Between the end of one rollup run and the start of the next. Default 30 s. */
  rollupEveryMs?: number;
  /** Between the end of one prune and the start of the next. Default 10 min. */
  pruneEveryMs?: number;
  /** Default from the LIFEGUARD_*_RETENTION_* settings (lib/config.ts). */
  retention?: Partial<RetentionPolicy>;
  log?: (message: string) => void;
  /** Sees each finished job (tests). */
  onRun?: (run: { job: 'partitions'; created: string[] | null } | { job: 'rollup'; rows: RollupRows } | { job: 'prune'; result: PruneReport }) => void;
}

/** Minute rows written by each rollup; null when another replica held the maintenance lock. */
export interface RollupRows {
  samples: number | null;
  reports: number | null;
  pooler: number | null;
}

export interface Maintenance {
  /** Waits for the job in progress, then stops. */
  stop(): Promise<void>;
}

/**
 * Keeps the samples table's day partitions ready (today and the next two), rolls samples, pool reports and PgBouncer pools up every ~30 s, copies the figures of closed
 * incidents' postmortems, and prunes expired data every ~10 min in the background. Jobs run one at
 * a time in this process (one chain of timers, the next scheduled when one ends), and one replica
 * at a time across processes (the maintenance advisory lock). A failed job is logged once per
 * streak and retried at its next turn: a store that blinks must not stop the server.
 */
export function startMaintenance(options: MaintenanceOptions): Maintenance {
  const rollupEveryMs = options.rollupEveryMs ?? 30_000;
  const pruneEveryMs = options.pruneEveryMs ?? 600_000;
  const policy: RetentionPolicy = { ...retentionPolicy(config()), ...options.retention };
  const log = options.log ?? ((message: string) => console.warn(`[maintenance] ${message}`));
  const streak = failureStreak(log, 'maintenance');
  // Its own streak: a partition that cannot be created (say, a lock timeout) must not stop the
  // rollups, and costs nothing meanwhile, as samples then land in the default partition.
  const partitionStreak = failureStreak(log, 'creating sample partitions');
  // The first prune waits one rollup period, so it finds the first rollups written.
  let nextPruneAt = Date.now() + rollupEveryMs;

  const run = async () => {
    try {
      options.onRun?.({ job: 'partitions', created: await ensureSamplePartitions(options.db) });
      partitionStreak.succeeded();
    } catch (error) {
      partitionStreak.failed(error);
    }
    try {
      const rows: RollupRows = {
        samples: await rollupOnce(options.db),
        reports: await rollupReportsOnce(options.db, { rawRetentionMs: policy.reportsMs }),
        pooler: await rollupPoolerOnce(options.db),
      };
      options.onRun?.({ job: 'rollup', rows });
      // Before any prune: a postmortem's copy must exist before the series under it may go.
      await freezeClosedIncidents(options.db, new Date());
      if (Date.now() >= nextPruneAt) {
        const result = await pruneAll(options.db, policy);
        nextPruneAt = Date.now() + pruneEveryMs;
        options.onRun?.({ job: 'prune', result });
      }
      streak.succeeded();
    } catch (error) {
      streak.failed(error);
    }
  };
  // A first run soon after start catches up whatever accumulated while the server was down.
  return startSerialLoop(run, rollupEveryMs, Math.min(rollupEveryMs, 5_000));
}
