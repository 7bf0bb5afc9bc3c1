import { describe, expect, it } from 'vitest';
import { formatDateTime, formatInterval, formatNumber, formatTick, fromDatetimeLocal, toDatetimeLocal } from '@/lib/browser/format';

describe('format', () => {
  it('round-trips datetime-local values in the local time zone', () => {
    const ms = new Date(2025, 5, 30, 3, 7).getTime();
    expect(toDatetimeLocal(ms)).toBe('2025-06-30T03:07');
    expect(toDatetimeLocal(ms + 42_000, { seconds: true })).toBe('2025-06-30T03:07:42');
    expect(fromDatetimeLocal('2025-06-30T03:07:42')).toBe(ms + 42_000);
    expect(fromDatetimeLocal('2025-06-30T03:07')).toBe(ms);
    expect(fromDatetimeLocal('')).toBeNull();
    expect(fromDatetimeLocal('2025-06-30T03:07Z')).toBeNull();
  });

  it('shows intervals in the unit they were likely given', () => {
    expect(formatInterval(1000)).toBe('1 s');
    expect(formatInterval(250)).toBe('250 ms');
  });

  it('formats ticks, times and numbers as the viewer\'s locale does, whatever was formatted before', () => {
    const ms = new Date(2025, 5, 30, 3, 7, 42).getTime();
    const time = { hour: '2-digit', minute: '2-digit', hour12: false } as const;
    // Each call twice and interleaved: the formatters are made once per set of options and reused.
    for (let round = 0; round < 2; round++) {
      expect(formatTick(ms, 5 * 60_000)).toBe(new Date(ms).toLocaleTimeString(undefined, { ...time, second: '2-digit' }));
      expect(formatTick(ms, 3_600_000)).toBe(new Date(ms).toLocaleTimeString(undefined, time));
      expect(formatTick(ms, 7 * 86_400_000)).toBe(new Date(ms).toLocaleString(undefined, { month: 'short', day: 'numeric', ...time }));
      expect(formatDateTime(ms)).toBe(new Date(ms).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', ...time, second: '2-digit' }));
      expect(formatNumber(1234.567)).toBe((1235).toLocaleString());
      expect(formatNumber(0.25, 1)).toBe((0.3).toLocaleString(undefined, { maximumFractionDigits: 1 }));
      expect(formatNumber(null)).toBe('–');
    }
  });
});
