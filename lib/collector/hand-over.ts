/**
 * Hands a target this replica should no longer own to its new owner with the shortest gap in its
 * samples. The sampler is stopped right after it delivered a sample, not at whatever moment the
 * shares changed: the new owner, woken by the NOTIFY that follows the unlock, takes its first
 * sample as soon as it holds the lock, so the gap is the hand-over's own latency (milliseconds to
 * a few hundred) instead of that plus up to a whole interval already waited since the last sample.
 * Stopping first and unlocking after keeps one persistent connection per target throughout.
 */
export interface HandOvers {
  /** Called with every sample this replica takes: releases a hand-over waiting on that target. */
  sampled(targetId: string): void;
  /** Starts handing `targetId` over after its next sample, or after `waitMs` without one. */
  start(targetId: string, waitMs: number): void;
  /** Whether `targetId` is being handed over (its sampler still runs until its next sample). */
  has(targetId: string): boolean;
  /** Hands everything in progress over now, and waits until it is done. */
  flush(): Promise<void>;
}

export interface HandOverSteps {
  /** Stops the target's sampler (its persistent connection closed). */
  stop: (targetId: string) => Promise<void>;
  /** Releases these targets' locks and tells the other replicas. */
  release: (targetIds: string[]) => Promise<void>;
  log: (message: string) => void;
}

export function createHandOvers(steps: HandOverSteps): HandOvers {
  const waiting = new Map<string, () => void>();
  const inFlight = new Map<string, Promise<void>>();
  let batch: { ids: string[]; done: Promise<void> } | null = null;
  let previous: Promise<void> = Promise.resolve();

  /**
   * The targets stopped meanwhile are released together, after the previous release: one query
   * and one NOTIFY however many samplers stop at about the same moment.
   */
  function releaseSoon(targetId: string): Promise<void> {
    if (!batch) {
      const next: { ids: string[]; done: Promise<void> } = { ids: [], done: Promise.resolve() };
      next.done = previous.then(() => {
        if (batch === next) batch = null;
        return steps.release(next.ids);
      });
      previous = next.done.catch(() => {});
      batch = next;
    }
    batch.ids.push(targetId);
    return batch.done;
  }

  return {
    sampled(targetId) {
      waiting.get(targetId)?.();
    },

    start(targetId, waitMs) {
      if (inFlight.has(targetId)) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const due = new Promise<void>((resolve) => {
        waiting.set(targetId, resolve);
        // A sampler that is reconnecting (or hung) may deliver nothing for a while: go anyway.
        timer = setTimeout(resolve, waitMs);
      });
      const done = due
        .then(() => {
          clearTimeout(timer);
          waiting.delete(targetId);
          return steps.stop(targetId);
        })
        .then(() => releaseSoon(targetId))
        .catch((err: unknown) => steps.log(`handing over ${targetId} failed: ${String(err)}`))
        .finally(() => inFlight.delete(targetId));
      inFlight.set(targetId, done);
    },

    has: (targetId) => inFlight.has(targetId),

    async flush() {
      for (const resolve of waiting.values()) resolve();
      await Promise.all(inFlight.values());
    },
  };
}
