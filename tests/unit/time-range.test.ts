import { describe, expect, it } from 'vitest';
import { DEFAULT_RANGE, TROUBLE_RANGE, hasRangeInUrl, parseInstant, parseTimeRange, resolveTimeRange, stepFor, timeRangeSearch } from '@/lib/browser/time-range';

describe('parseTimeRange', () => {
  it('defaults to the last hour with no parameters', () => {
    expect(parseTimeRange({})).toEqual({ range: DEFAULT_RANGE, error: null });
  });

  it('reads a relative range from a record or URLSearchParams alike', () => {
    expect(parseTimeRange({ range: '5m' }).range).toEqual({ kind: 'relative', range: '5m' });
    expect(parseTimeRange(new URLSearchParams('range=24h')).range).toEqual({ kind: 'relative', range: '24h' });
    expect(parseTimeRange({ range: ['1h', '5m'] }).range).toEqual({ kind: 'relative', range: '1h' });
  });

  it('refuses an unknown range with a message, falling back to the default', () => {
    const parsed = parseTimeRange({ range: '7y' });
    expect(parsed.range).toEqual(DEFAULT_RANGE);
    expect(parsed.error).toMatch(/range must be one of 5m/);
    expect(parseTimeRange({ range: 'constructor' }).error).not.toBeNull();
  });

  it('reads an absolute range as epoch ms or ISO with an offset; it wins over range', () => {
    expect(parseTimeRange({ from: '1000', to: '61000', range: '5m' })).toEqual({ range: { kind: 'absolute', from: 1000, to: 61000 }, error: null });
    expect(parseTimeRange({ from: '2025-01-01T03:00:00Z', to: '2025-01-01T04:00:00+01:00' }).error).toBe('from must be before to');
    expect(parseTimeRange({ from: '2025-01-01T03:00:00Z', to: '2025-01-01T04:00:00Z' }).range).toEqual({
      kind: 'absolute',
      from: Date.UTC(2025, 0, 1, 3),
      to: Date.UTC(2025, 0, 1, 4),
    });
  });

  it('refuses half a range, times without an offset, and inverted or huge ranges', () => {
    expect(parseTimeRange({ from: '1000' }).error).toMatch(/both/);
    expect(parseTimeRange({ from: '2025-01-01T03:00', to: '2025-01-01T04:00' }).error).toMatch(/offset/);
    expect(parseTimeRange({ from: '5000', to: '1000' }).error).toBe('from must be before to');
    expect(parseTimeRange({ from: '0', to: String(401 * 86_400_000) }).error).toMatch(/400 days/);
  });

  it('parseInstant rejects garbage', () => {
    expect(parseInstant('yesterday')).toBeNull();
    expect(parseInstant('2025-13-45T99:00:00Z')).toBeNull();
    expect(parseInstant('42')).toBe(42);
  });
});

describe('timeRangeSearch', () => {
  it('round-trips through parseTimeRange', () => {
    for (const range of [{ kind: 'relative', range: '5m' }, { kind: 'absolute', from: 1_700_000_000_000, to: 1_700_000_360_000 }] as const) {
      expect(parseTimeRange(new URLSearchParams(timeRangeSearch(range))).range).toEqual(range);
    }
  });

  it('names even the default range, so a chosen hour stays an hour on a page whose default is shorter', () => {
    expect(timeRangeSearch(DEFAULT_RANGE)).toBe('range=1h');
    expect(parseTimeRange(new URLSearchParams(timeRangeSearch(DEFAULT_RANGE)), TROUBLE_RANGE).range).toEqual(DEFAULT_RANGE);
  });
});

describe('the page default', () => {
  it('is the fallback given (the climb while in trouble) when the URL names no range, or a bad one', () => {
    expect(parseTimeRange({}, TROUBLE_RANGE)).toEqual({ range: TROUBLE_RANGE, error: null });
    expect(parseTimeRange({ range: '7y' }, TROUBLE_RANGE).range).toEqual(TROUBLE_RANGE);
    expect(hasRangeInUrl({})).toBe(false);
    expect(hasRangeInUrl({ range: '' })).toBe(false);
    expect(hasRangeInUrl({ range: '1h' })).toBe(true);
    expect(hasRangeInUrl(new URLSearchParams('from=1000&to=2000'))).toBe(true);
  });
});

describe('resolveTimeRange', () => {
  it('slides a relative range with the clock passed in, ending on a whole bucket', () => {
    const range = { kind: 'relative', range: '5m' } as const;
    const a = resolveTimeRange(range, 1_000_000_500, 300);
    expect(a).toEqual({ from: 1_000_001_000 - 300_000, to: 1_000_001_000 });
    const b = resolveTimeRange(range, 1_000_060_000, 300);
    expect(b.to - a.to).toBe(59_000);
  });

  it('gives series fetched within one bucket the same grid', () => {
    const range = { kind: 'relative', range: '1h' } as const;
    const step = stepFor(3_600_000, 300);
    expect(step).toBe(12_000);
    const t0 = 1_700_000_004_000 + 1000; // just past a bucket boundary
    expect(resolveTimeRange(range, t0, 300)).toEqual(resolveTimeRange(range, t0 + 5000, 300));
  });

  it('leaves an absolute range alone', () => {
    expect(resolveTimeRange({ kind: 'absolute', from: 1, to: 2 }, 999, 300)).toEqual({ from: 1, to: 2 });
  });
});
