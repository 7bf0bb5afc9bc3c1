/** Reconnection delays: 250 ms doubling to 10 s, so a restart is noticed fast and a dead host is not hammered. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 10_000 };

/** Delay before reconnect attempt number `attempt` (0 = first attempt after a failure). */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  // Capping the exponent keeps 2 ** attempt finite however long a target stays down.
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  return Math.min(options.maxMs, options.initialMs * 2 ** exponent);
}
