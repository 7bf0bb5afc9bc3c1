import { describe, expect, it } from 'vitest';
import { parseMoment, targetPageHref } from '@/lib/browser/moment';

describe('the moment a target page looks at, in the URL', () => {
  it('reads epoch milliseconds or ISO 8601 with an offset, and nothing means live', () => {
    expect(parseMoment(new URLSearchParams('at=1764412334000'))).toEqual({ at: 1764412334000, error: null });
    expect(parseMoment({ at: '2025-11-29T10:32:14Z' })).toEqual({ at: Date.parse('2025-11-29T10:32:14Z'), error: null });
    expect(parseMoment({})).toEqual({ at: null, error: null });
    expect(parseMoment(new URLSearchParams('range=5m'))).toEqual({ at: null, error: null });
  });

  it('refuses a time without a zone or a word, and says why', () => {
    for (const at of ['2025-11-29T10:32:14', 'noon']) {
      expect(parseMoment({ at })).toEqual({ at: null, error: 'at must be epoch milliseconds or an ISO 8601 time with an offset' });
    }
  });

  it('keeps the range beside the moment, and drops the moment to go back to live', () => {
    expect(targetPageHref('t1', { kind: 'relative', range: '5m' }, 1764412334000.6)).toBe('/targets/t1?range=5m&at=1764412334001');
    expect(targetPageHref('t1', { kind: 'relative', range: '1h' }, 1764412334000)).toBe('/targets/t1?range=1h&at=1764412334000');
    expect(targetPageHref('t1', { kind: 'absolute', from: 1, to: 2 }, null)).toBe('/targets/t1?from=1&to=2');
    expect(targetPageHref('t1', { kind: 'relative', range: '1h' }, null)).toBe('/targets/t1?range=1h');
  });
});
