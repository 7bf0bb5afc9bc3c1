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

  it('keeps firing for keepFiringForMs after the condition turns false, and resolves once it stayed false that long', () => {
    const timing: AlertTiming = { threshold: 95, forMs: 0, keepFiringForMs: 10_000 };
    const { states, last } = run(timing, [
      [0, 97],
      [1000, 92],
      [6000, 96], // true again: the false clock starts over
      [7000, 92],
      [16_999, 92],
      [17_000, 92],
    ]);
    expect(states).toEqual(['firing', 'firing', 'firing', 'firing', 'firing', 'resolved']);
    expect(last.since).toBe(17_000);
  });

  it('turns a series hovering at the threshold into one episode (issue 15: 92 % ↔ 97 % every 3 s for a minute)', () => {
    const hover = Array.from({ length: 60 }, (_, s) => [s * 1000, Math.floor(s / 3) % 2 === 0 ? 97.3 : 91.9] as const);
    const after = Array.from({ length: 70 }, (_, s) => [60_000 + s * 1000, 40] as const);
    const critical: AlertTiming = { threshold: 95, forMs: 0, keepFiringForMs: 60_000 };
    const episodes = (states: AlertState[]) => states.filter((state, i) => state === 'firing' && states[i - 1] !== 'firing').length;

    const damped = run(critical, [...hover, ...after]).states;
    expect(episodes(damped)).toBe(1);
    expect(damped.filter((state) => state === 'resolved')).toHaveLength(1);
    // It resolves once the condition has been false for the whole minute after the last 97 %.
    expect(damped.indexOf('resolved')).toBe(hover.findLastIndex(([, value]) => value >= 95) + 1 + 60);

    // Without keepFiringFor, the same series pages ten times in the minute.
    expect(episodes(run({ threshold: 95, forMs: 0 }, hover).states)).toBe(10);
  });

  it('resolves inside keepFiringFor only once the value is also clear of the hysteresis band', () => {
    const timing: AlertTiming = { threshold: 80, forMs: 0, hysteresis: 5, keepFiringForMs: 5000 };
    const { states } = run(timing, [
      [0, 85],
      [1000, 70], // clear, but not for long enough
      [6000, 78], // false for 5 s, but inside the band
      [7000, 74],
    ]);
    expect(states).toEqual(['firing', 'firing', 'firing', 'resolved']);
  });

  it('does not keep a pending alert: keepFiringFor starts only once it fired', () => {
    const timing: AlertTiming = { threshold: 80, forMs: 10_000, keepFiringForMs: 60_000 };
    expect(run(timing, [[0, 85], [5000, 70]]).states).toEqual(['pending', 'inactive']);
  });

  it('treats no data as a false condition and supports "below" rules', () => {
    expect(run({ threshold: 80, forMs: 0 }, [[0, 90], [1000, null]]).states).toEqual(['firing', 'resolved']);
    const below: AlertTiming = { threshold: 10, direction: 'below', forMs: 2000, hysteresis: 2 };
    expect(run(below, [[0, 9], [2000, 8], [3000, 11], [4000, 13]]).states).toEqual(['pending', 'firing', 'firing', 'resolved']);
  });
});
