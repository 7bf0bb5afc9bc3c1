import { describe, expect, it } from 'vitest';
import { evaluate, initialStatus, type AlertState, type AlertStatus, type AlertTiming } from '@/lib/alerts/state-machine';

/** Feeds [ms, value] pairs through the machine and returns the state after each. */
function run(timing: AlertTiming, series: readonly (readonly [number, number | null])[]): { states: AlertState[]; last: AlertStatus } {
  let status = initialStatus(0);
  const states: AlertState[] = [];
  for (const [at, value] of series) {
    status = evaluate(timing, status, value, at);
    states.push(status.state);
  }
  return { states, last: status };
}

const USAGE_WARNING: AlertTiming = { threshold: 80, forMs: 30_000, hysteresis: 5 };

describe('alert state machine', () => {
  it('goes pending when the condition turns true and fires only after it held for `for`', () => {
    const { states, last } = run(USAGE_WARNING, [
      [0, 50],
      [10_000, 85],
      [20_000, 90],
      [39_999, 90],
      [40_000, 91],
      [50_000, 95],
    ]);
    expect(states).toEqual(['inactive', 'pending', 'pending', 'pending', 'firing', 'firing']);
    expect(last).toMatchObject({ state: 'firing', since: 40_000, activeAt: 10_000, value: 95 });
  });

  it('returns a pending alert to inactive when the condition turns false, and restarts the `for` clock', () => {
    const { states } = run(USAGE_WARNING, [
      [0, 85],
      [20_000, 79],
      [30_000, 85],
      [50_000, 85],
      [60_000, 85],
    ]);
    expect(states).toEqual(['pending', 'inactive', 'pending', 'pending', 'firing']);
  });

  it('fires at once when `for` is 0 (critical rules)', () => {
    const critical: AlertTiming = { threshold: 95, forMs: 0 };
    expect(run(critical, [[0, 90], [1000, 96]]).states).toEqual(['inactive', 'firing']);
    expect(run({ threshold: 1, forMs: 0 }, [[0, 1]]).last).toMatchObject({ state: 'firing', since: 0, activeAt: 0 });
  });

  it('resolves a firing alert once the value is clearly below the threshold, then starts over', () => {
    const { states, last } = run({ threshold: 80, forMs: 0, hysteresis: 5 }, [
      [0, 85],
      [1000, 74],
      [2000, 70],
      [3000, 82],
    ]);
    expect(states).toEqual(['firing', 'resolved', 'inactive', 'firing']);
    expect(last.since).toBe(3000);
  });

  it('does not flap while the value hovers at the threshold', () => {
    const hovering = Array.from({ length: 40 }, (_, i) => [i * 1000, i % 2 === 0 ? 81 : 78] as const);
    const { states } = run({ threshold: 80, forMs: 0, hysteresis: 5 }, hovering);
    expect(new Set(states)).toEqual(new Set(['firing']));
    // Without hysteresis the same series would flap on every sample.
    const flapping = run({ threshold: 80, forMs: 0 }, hovering).states;
    expect(flapping.filter((state) => state === 'resolved')).toHaveLength(20);
  });

  it('resolves inside the hysteresis band once the condition has been false for keepFiringForMs', () => {
    const timing: AlertTiming = { threshold: 80, forMs: 0, hysteresis: 5, keepFiringForMs: 10_000 };
    const { states } = run(timing, [
      [0, 85],
      [1000, 78],
      [6000, 81], // true again: the false clock restarts
      [7000, 78],
      [16_999, 78],
      [17_000, 78],
    ]);
    expect(states).toEqual(['firing', 'firing', 'firing', 'firing', 'firing', 'resolved']);
  });

  it('treats no data as a false condition and supports "below" rules', () => {
    expect(run({ threshold: 80, forMs: 0 }, [[0, 90], [1000, null]]).states).toEqual(['firing', 'resolved']);
    const below: AlertTiming = { threshold: 10, direction: 'below', forMs: 2000, hysteresis: 2 };
    expect(run(below, [[0, 9], [2000, 8], [3000, 11], [4000, 13]]).states).toEqual(['pending', 'firing', 'firing', 'resolved']);
  });
});
