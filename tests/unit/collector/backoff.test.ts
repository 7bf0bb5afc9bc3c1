import { describe, expect, it } from 'vitest';
import { backoffDelay } from '@/lib/collector/backoff';

describe('backoffDelay', () => {
  it('starts at 250 ms and doubles up to 10 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt))).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('stays finite and capped however many attempts failed', () => {
    expect(backoffDelay(10_000)).toBe(10_000);
    expect(backoffDelay(-3)).toBe(250);
  });

  it('follows the given schedule', () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, { initialMs: 100, maxMs: 300 }))).toEqual([100, 200, 300, 300]);
  });
});
