import { describe, expect, it } from 'vitest';
import { computeRates } from '@/lib/collector/rates';

const at = (atMs: number, commits: number, rollbacks = 0, deadlocks = 0) => ({ atMs, commits, rollbacks, deadlocks });

describe('computeRates', () => {
  it('has no rates for the first sample', () => {
    expect(computeRates(null, at(1000, 50))).toEqual({ commitsPerSec: null, rollbacksPerSec: null, deadlocksPerSec: null });
  });

  it('divides counter increments by the elapsed seconds', () => {
    expect(computeRates(at(1000, 100, 10, 1), at(1500, 150, 12, 2))).toEqual({ commitsPerSec: 100, rollbacksPerSec: 4, deadlocksPerSec: 2 });
  });

  it('gives nulls when any counter went backwards (stats reset, crash restart)', () => {
    expect(computeRates(at(1000, 100, 10), at(2000, 5, 11))).toEqual({ commitsPerSec: null, rollbacksPerSec: null, deadlocksPerSec: null });
    expect(computeRates(at(1000, 100, 10), at(2000, 120, 9)).commitsPerSec).toBeNull();
  });

  it('gives nulls when no time passed', () => {
    expect(computeRates(at(1000, 1), at(1000, 2)).commitsPerSec).toBeNull();
  });
});
