import { describe, expect, it } from 'vitest';
import { secondsToExhaustion, type SeriesPoint } from '@/lib/alerts/forecast';

const series = (values: readonly number[], stepMs = 1000, start = 1_700_000_000_000): SeriesPoint[] =>
  values.map((value, i) => ({ at: start + i * stepMs, value }));

describe('time to exhaustion', () => {
  it('is exact on a linear climb', () => {
    // 20 → 50 over 30 s: 1 connection/s; 47 more to reach 97.
    const climb = series(Array.from({ length: 31 }, (_, i) => 20 + i));
    expect(secondsToExhaustion(climb, 97)).toBeCloseTo(47, 9);
  });

  it('uses only the recent window', () => {
    const flatThenClimb = series([...Array<number>(120).fill(10), ...Array.from({ length: 61 }, (_, i) => 10 + 2 * i)]);
    // The last 60 s climb at 2/s to 130: 35 s to 200. A fit over the flat two minutes before would say far later.
    expect(secondsToExhaustion(flatThenClimb, 200)).toBeCloseTo(35, 9);
  });

  it('is close on a noisy climb', () => {
    const noise = [0.8, -1.1, 0.3, 1.4, -0.6, -1.3, 0.9, 0.2, -0.4, 1.0];
    const noisy = series(Array.from({ length: 60 }, (_, i) => 30 + 0.5 * i + (noise[i % noise.length] ?? 0)));
    // True line: 59.5 at the end, 0.5/s → 75 s to 97.
    const forecast = secondsToExhaustion(noisy, 97);
    expect(forecast).not.toBeNull();
    expect(forecast ?? 0).toBeGreaterThan(70);
    expect(forecast ?? 0).toBeLessThan(80);
  });

  it('is null when flat, falling, or with too few points', () => {
    expect(secondsToExhaustion(series(Array<number>(30).fill(40)), 97)).toBeNull();
    expect(secondsToExhaustion(series(Array.from({ length: 30 }, (_, i) => 80 - i)), 97)).toBeNull();
    expect(secondsToExhaustion(series([10, 20, 30]), 97)).toBeNull();
    expect(secondsToExhaustion([], 97)).toBeNull();
  });

  it('is 0 when the latest value already reached the limit', () => {
    expect(secondsToExhaustion(series([90, 95, 97]), 97)).toBe(0);
    expect(secondsToExhaustion(series([120, 110, 100, 99, 98]), 97)).toBe(0);
  });
});
