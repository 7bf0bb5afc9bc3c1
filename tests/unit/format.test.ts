import { describe, expect, it } from 'vitest';
import { formatInterval, fromDatetimeLocal, toDatetimeLocal } from '@/lib/browser/format';

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
});
