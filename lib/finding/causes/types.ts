import type { Snapshot } from '../../samples/types';

/** Every cause the finding can name, in the order they are listed when they account for as many connections. */
export const CAUSE_KINDS = ['over-budget', 'held-idle', 'idle-in-transaction', 'lock-pileup', 'slow-queries', 'connection-storm', 'unattributed'] as const;

export type CauseKind = (typeof CAUSE_KINDS)[number];

/**
 * One reason the connections are used up, with the figures that show it and, where it can be
 * worked out, what to change. `connections` is how many of the sample's connections it accounts
 * for: causes are listed most likely first by it.
 */
export interface Cause {
  kind: CauseKind;
  summary: string;
  /** One line per figure, most telling first. */
  evidence: string[];
  fix?: string;
  connections: number;
}

/** One application instance's latest pool report before the sample, with its query rate. */
export interface InstanceFigures {
  application: string;
  instance: string;
  /** The target the report names, or null when the application did not say. */
  target: string | null;
  poolMax: number;
  /** Connections the pool holds, and how many of them it has idle (not checked out). */
  total: number;
  idle: number;
  /** Queries per second over the report's window; null when the window is unknown (its first report). */
  queriesPerSec: number | null;
  p50Ms: number | null;
}

/** What the causes are read from: one sample, the pool reports of its time, and what is normal for the target. */
export interface CauseInput {
  targetName: string;
  sample: Pick<Snapshot, 'total' | 'usableConnections' | 'waiting' | 'applications' | 'newBackends' | 'slowQueries' | 'lockTree'>;
  reports: readonly InstanceFigures[];
  /** The target's usual rate of new connections per second (median of the minutes before); null without history. */
  normalNewBackendsPerSec: number | null;
}
