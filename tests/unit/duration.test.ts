import { describe, expect, it } from 'vitest';
import { formatDuration } from '@/lib/format/duration';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [0.4, '0.4 s'],
    [0.05, '0 s'],
    [2.5, '2.5 s'],
    [5, '5 s'],
    [9.99, '9.9 s'],
    [(1_700_000_003_000 - 1_700_000_000_000) / 1000, '3 s'],
    [0.1 + 0.2, '0.3 s'],
    [10, '10 s'],
    [45, '45 s'],
    [59.9, '59 s'],
    [60, '1 min'],
    [120, '2 min'],
    [130, '2 min 10 s'],
    [5 * 60 + 7, '5 min 07 s'],
    [45 * 60, '45 min'],
    [3599, '59 min 59 s'],
    [3600, '1 h'],
    [3900, '1 h 05 min'],
    [2 * 3600 + 5 * 60, '2 h 05 min'],
    [2 * 3600 + 5 * 60 + 59, '2 h 05 min'],
    [24 * 3600, '1 d'],
    [27 * 3600, '1 d 3 h'],
    [(3 * 24 + 2) * 3600 + 59 * 60, '3 d 2 h'],
    [40 * 24 * 3600, '40 d'],
  ])('%s s reads "%s"', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('never shows a negative or unknown duration as a number', () => {
    expect(formatDuration(-5)).toBe('0 s');
    expect(formatDuration(Number.NaN)).toBe('–');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('–');
  });
});
