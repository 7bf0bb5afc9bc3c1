import type { Pool } from 'pg';

/**
 * The guard's hold on a pool: it sets `pool.options.max`, which pg-pool reads on every checkout
 * (`_isFull()`), to Lifeguard's allowance for this instance. Callers beyond it wait in the pool
 * (`waitingCount`) instead of opening a connection PostgreSQL would refuse.
 *
 * Three promises to the application:
 * - never above the max it configured, never below `floor`;
 * - when Lifeguard cannot be asked, the last allowance holds for `graceMs`, then the configured
 *   max returns: a Lifeguard that is down must not leave the application worse off than unguarded;
 * - `stop()` gives the configured max back.
 */
export interface GuardOptions {
  /** The guard never holds the pool below this many connections (nor above the configured max). Default 2. */
  floor?: number;
  /** How long the last allowance stays in force while Lifeguard cannot be asked. Default 120000 (2 min). */
  graceMs?: number;
}

export interface GuardState {
  /** The max the application configured (pool.options.max when the guard started). */
  configuredMax: number;
  /** The max in force now (pool.options.max). */
  max: number;
  /** Lifeguard's allowance in force (before floor and configured max); null when none is. */
  allowance: number | null;
  /** When Lifeguard last gave an allowance (epoch ms); null when none is in force. */
  confirmedAt: number | null;
  /** False when the latest ask failed or had no allowance: the allowance in force is then held for the grace period. */
  current: boolean;
}

export const DEFAULT_FLOOR = 2;
export const DEFAULT_GRACE_MS = 120_000;

/** The max the pool gets for an allowance: the allowance within [floor, configured]; the configured max without one. */
export function limitFor(configuredMax: number, floor: number, allowance: number | null): number {
  if (allowance === null) return configuredMax;
  return Math.min(configuredMax, Math.max(floor, allowance));
}

export interface PoolLimit {
  /** Lifeguard answered: its allowance for this instance, or null when it has none (no sample of the target yet). */
  answered(maxPerInstance: number | null, now: number): void;
  /** Lifeguard could not be asked (down, slow, refused). */
  unanswered(now: number): void;
  state(): GuardState;
  /** Gives the configured max back and lets go of the pool. Idempotent. */
  release(): void;
}

type ReleasedClient = { end(): Promise<void> };

export function limitPool(pool: Pool, options: GuardOptions = {}): PoolLimit {
  // pg.Pool's default max is 10 (and pg-pool writes it into options).
  const configuredMax = pool.options.max ?? 10;
  const floor = Math.max(1, Math.floor(options.floor ?? DEFAULT_FLOOR));
  const graceMs = Math.max(0, options.graceMs ?? DEFAULT_GRACE_MS);
  let allowance: number | null = null;
  let confirmedAt: number | null = null;
  let current = false;
  let released = false;

  const apply = (): void => {
    if (!released) pool.options.max = limitFor(configuredMax, floor, allowance);
  };

  const expire = (now: number): void => {
    current = false;
    if (confirmedAt !== null && now - confirmedAt >= graceMs) {
      allowance = null;
      confirmedAt = null;
    }
    apply();
  };

  // Lowering max stops new connections but does not close the ones beyond it, and under load a
  // released connection goes straight to the next waiter and is never idle long enough to time
  // out. Ending it as it comes back is what brings the pool down to its allowance. Once the
  // client is ending, pg-pool removes it instead of re-using it.
  const shrink = (error: unknown, client: ReleasedClient): void => {
    if (error || released || pool.ending) return;
    if (pool.totalCount > (pool.options.max ?? configuredMax)) client.end().catch(() => undefined);
  };
  pool.on('release', shrink);

  return {
    answered: (maxPerInstance, now) => {
      if (maxPerInstance === null) return expire(now);
      allowance = maxPerInstance;
      confirmedAt = now;
      current = true;
      apply();
    },
    unanswered: expire,
    state: () => ({ configuredMax, max: pool.options.max ?? configuredMax, allowance, confirmedAt, current }),
    release: () => {
      if (released) return;
      released = true;
      pool.off('release', shrink);
      pool.options.max = configuredMax;
    },
  };
}
