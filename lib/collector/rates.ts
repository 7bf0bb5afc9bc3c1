/** Cumulative pg_stat_database counters as read at one moment. */
export interface XactCounters {
  /** Local clock, ms since epoch, when the counters were read. */
  atMs: number;
  commits: number;
  rollbacks: number;
  deadlocks: number;
}

export interface XactRates {
  commitsPerSec: number | null;
  rollbacksPerSec: number | null;
  deadlocksPerSec: number | null;
}

const NO_RATES: XactRates = { commitsPerSec: null, rollbacksPerSec: null, deadlocksPerSec: null };

/**
 * Per-second rates between two readings. No previous reading (first sample, or first after a
 * reconnect) gives nulls, and so does any counter going backwards (pg_stat_reset(), a crash
 * restart, a dropped database): a negative or made-up rate would be worse than a gap.
 */
export function computeRates(previous: XactCounters | null, current: XactCounters): XactRates {
  if (!previous) return NO_RATES;
  const seconds = (current.atMs - previous.atMs) / 1000;
  if (!(seconds > 0)) return NO_RATES;
  const commits = current.commits - previous.commits;
  const rollbacks = current.rollbacks - previous.rollbacks;
  const deadlocks = current.deadlocks - previous.deadlocks;
  if (commits < 0 || rollbacks < 0 || deadlocks < 0) return NO_RATES;
  return { commitsPerSec: commits / seconds, rollbacksPerSec: rollbacks / seconds, deadlocksPerSec: deadlocks / seconds };
}
