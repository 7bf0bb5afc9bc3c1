import 'server-only';
import type { Db } from '../store/db';
import { failureStreak, startSerialLoop } from '../serial-loop';
import { config } from '../config';
import { pruneOnce, type PruneResult } from './retention';
import { rollupOnce } from './rollup';

export interface MaintenanceOptions {
  db: Db;
  /** Between the end of one rollup run and the start of the next. Default 30 s. */
  rollupEveryMs?: number;
  /** Between the end of one prune and the start of the next. Default 10 min. */
  pruneEveryMs?: number;
  /** Default from LIFEGUARD_RAW_RETENTION_HOURS / LIFEGUARD_ROLLUP_RETENTION_DAYS. */
  rawRetentionMs?: number;
  rollupRetentionMs?: number;
  log?: (message: string) => void;
  /** Sees each finished job (tests). */
  onRun?: (run: { job: 'rollup'; rows: number | null } | { job: 'prune'; result: PruneResult }) => void;
}

export interface Maintenance {
  /** Waits for the job in progress, then stops. */
  stop(): Promise<void>;
}

/**
 * Rolls samples up every ~30 s and prunes expired data every ~10 min in the background. Jobs run
 * one at a time in this process (one chain of timers, the next scheduled when one ends), and one
 * replica at a time across processes (the maintenance advisory lock). A failed job is logged
 * once per streak and retried at its next turn: a store that blinks must not stop the server.
 */
export function startMaintenance(options: MaintenanceOptions): Maintenance {
  const cfg = config();
  const rollupEveryMs = options.rollupEveryMs ?? 30_000;
  const pruneEveryMs = options.pruneEveryMs ?? 600_000;
  const rawRetentionMs = options.rawRetentionMs ?? cfg.rawRetentionHours * 3600_000;
  const rollupRetentionMs = options.rollupRetentionMs ?? cfg.rollupRetentionDays * 86_400_000;
  const log = options.log ?? ((message: string) => console.warn(`[maintenance] ${message}`));
  const streak = failureStreak(log, 'maintenance');
  // The first prune waits one rollup period, so it finds the first rollups written.
  let nextPruneAt = Date.now() + rollupEveryMs;

  const run = async () => {
    try {
      const rows = await rollupOnce(options.db);
      options.onRun?.({ job: 'rollup', rows });
      if (Date.now() >= nextPruneAt) {
        const result = await pruneOnce(options.db, { rawRetentionMs, rollupRetentionMs });
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
