import type { Config } from '../config';

/** How long each table that grows with time is kept (lib/config.ts reads the settings; docs/operations.md gives their cost). */
export interface RetentionPolicy {
  samplesMs: number;
  sampleRollupsMs: number;
  reportsMs: number;
  reportRollupsMs: number;
  poolerMs: number;
  poolerRollupsMs: number;
  alertHistoryMs: number;
  deliveriesMs: number;
  drillsMs: number;
  auditMs: number;
}

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

export function retentionPolicy(cfg: Config): RetentionPolicy {
  return {
    samplesMs: cfg.rawRetentionHours * HOUR_MS,
    sampleRollupsMs: cfg.rollupRetentionDays * DAY_MS,
    reportsMs: cfg.reportRetentionHours * HOUR_MS,
    reportRollupsMs: cfg.reportRollupRetentionDays * DAY_MS,
    poolerMs: cfg.poolerRetentionHours * HOUR_MS,
    poolerRollupsMs: cfg.poolerRollupRetentionDays * DAY_MS,
    alertHistoryMs: cfg.alertHistoryRetentionDays * DAY_MS,
    deliveriesMs: cfg.deliveryRetentionDays * DAY_MS,
    drillsMs: cfg.drillRetentionDays * DAY_MS,
    auditMs: cfg.auditRetentionDays * DAY_MS,
  };
}
