import { HttpError } from '../http/errors';

/**
 * An in-memory sliding-window limiter: at most `limit` hits per key in the last `windowMs`.
 * Per process, which is enough to make password guessing slow; replicas each keep their own.
 */
export interface RateLimiter {
  /** Counts a hit; throws a 429 (with the seconds to wait) once the window is full. */
  hit(key: string, now?: number): void;
}

export class TooManyRequests extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, `too many attempts: try again in ${retryAfterSeconds} s`, { 'Retry-After': String(retryAfterSeconds) });
  }
}

export function createRateLimiter(limit: number, windowMs: number): RateLimiter {
  const hits = new Map<string, number[]>();
  let lastSweep = 0;
  return {
    hit(key, now = Date.now()) {
      // Forget idle keys now and then, so a stream of distinct keys cannot grow the map forever.
      if (now - lastSweep > windowMs) {
        lastSweep = now;
        for (const [k, times] of hits) if ((times.at(-1) ?? 0) <= now - windowMs) hits.delete(k);
      }
      const recent = (hits.get(key) ?? []).filter((at) => at > now - windowMs);
      if (recent.length >= limit) {
        hits.set(key, recent);
        throw new TooManyRequests(Math.max(1, Math.ceil(((recent[0] ?? now) + windowMs - now) / 1000)));
      }
      recent.push(now);
      hits.set(key, recent);
    },
  };
}

/** The caller's address as the proxy in front reports it; "local" without one (tests, direct use). */
export function clientAddress(request: Request): string {
  return request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || request.headers.get('x-real-ip') || 'local';
}
