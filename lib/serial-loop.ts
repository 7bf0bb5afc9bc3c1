/** A background job run over and over in this process (alert evaluation, deliveries, maintenance). */
export interface SerialLoop {
  /** Clears the timer and waits for the run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `run` one at a time: the next run is scheduled `everyMs` after one ends (the first after
 * `firstDelayMs`), so runs never overlap however long one takes. `run` should not throw: catch
 * and log inside it, as a background job must outlive a store that blinks.
 */
export function startSerialLoop(run: () => Promise<void>, everyMs: number, firstDelayMs = everyMs): SerialLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = run().finally(() => schedule(everyMs));
    }, delayMs);
  };
  schedule(firstDelayMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Logs `<what> failed: …` once per streak of failures and `<what> recovered` when one ends, so
 * an outage does not print a line every round.
 */
export function failureStreak(log: (message: string) => void, what: string): { succeeded(): void; failed(error: unknown): void } {
  let failing = false;
  return {
    succeeded() {
      if (failing) log(`${what} recovered`);
      failing = false;
    },
    failed(error) {
      if (!failing) log(`${what} failed: ${errorMessage(error)}`);
      failing = true;
    },
  };
}
