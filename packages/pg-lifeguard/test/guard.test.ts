import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { limitFor, limitPool } from '../src/guard.ts';

/** The guard's hold on a pg.Pool (never connected: the guard only sets its max). */
const pools: pg.Pool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.end();
});
function pool(max?: number): pg.Pool {
  const created = new pg.Pool({ max, connectionString: 'postgres://nobody@127.0.0.1:1/none' });
  pools.push(created);
  return created;
}

describe('limitFor', () => {
  it('keeps the allowance within [floor, configured max], and the configured max without one', () => {
    expect(limitFor(50, 2, 13)).toBe(13);
    expect(limitFor(50, 2, 80)).toBe(50);
    expect(limitFor(50, 2, 0)).toBe(2);
    expect(limitFor(50, 2, null)).toBe(50);
    expect(limitFor(1, 2, 0)).toBe(1); // a pool configured below the floor keeps its max
  });
});

describe('limitPool', () => {
  it("lowers the pool's max to the allowance and restores it as the allowance grows", () => {
    const guarded = pool(50);
    const limit = limitPool(guarded, { floor: 2, graceMs: 1000 });
    expect(guarded.options.max).toBe(50);
    limit.answered(13, 0);
    expect(guarded.options.max).toBe(13);
    expect(limit.state()).toEqual({ configuredMax: 50, max: 13, allowance: 13, confirmedAt: 0, current: true });
    limit.answered(30, 100);
    expect(guarded.options.max).toBe(30);
    limit.answered(500, 200);
    expect(guarded.options.max).toBe(50);
    limit.answered(1, 300);
    expect(guarded.options.max).toBe(2);
  });

  it('holds the last allowance for the grace period when Lifeguard cannot be asked, then gives the configured max back', () => {
    const guarded = pool(50);
    const limit = limitPool(guarded, { graceMs: 1000 });
    limit.answered(13, 10_000);
    limit.unanswered(10_500);
    expect(guarded.options.max).toBe(13);
    expect(limit.state().current).toBe(false);
    // No allowance in Lifeguard's answer (no sample of the target): held like an unanswered ask.
    limit.answered(null, 10_900);
    expect(guarded.options.max).toBe(13);
    limit.unanswered(11_000);
    expect(guarded.options.max).toBe(50);
    expect(limit.state()).toMatchObject({ allowance: null, confirmedAt: null });
    // Lifeguard back: the guard again.
    limit.answered(13, 12_000);
    expect(guarded.options.max).toBe(13);
  });

  it('never lowers a pool that never got an allowance', () => {
    const guarded = pool();
    const limit = limitPool(guarded);
    limit.unanswered(0);
    limit.answered(null, 1);
    expect(guarded.options.max).toBe(10); // pg.Pool's default
    expect(limit.state().configuredMax).toBe(10);
  });

  it('gives the configured max back on release, and stops following answers', () => {
    const guarded = pool(20);
    const limit = limitPool(guarded);
    limit.answered(5, 0);
    limit.release();
    limit.release();
    expect(guarded.options.max).toBe(20);
    limit.answered(3, 1);
    expect(guarded.options.max).toBe(20);
    expect(guarded.listenerCount('release')).toBe(0);
  });
});
