import { describe, expect, it } from 'vitest';
import { fillGaps, mergeSeries, type SeriesResponse } from '@/lib/browser/series';

describe('fillGaps', () => {
  it('puts null in every bucket the API left out, so the line breaks there', () => {
    expect(fillGaps([[0, 1], [3000, 4]], 0, 5000, 1000)).toEqual([[0, 1], [1000, null], [2000, null], [3000, 4], [4000, null]]);
  });

  it('keeps a null the API returned (a bucket whose samples had no figure)', () => {
    expect(fillGaps([[0, null], [1000, 2]], 0, 2000, 1000)).toEqual([[0, null], [1000, 2]]);
  });

  it('places points by bucket, tolerating float timestamps and ignoring points outside the range', () => {
    expect(fillGaps([[999.9999999999, 7], [-1000, 1], [2000, 9]], 0, 2000, 1000)).toEqual([[0, null], [1000, 7]]);
  });

  it('drops empty buckets at the live edge instead of showing them as an outage', () => {
    expect(fillGaps([[0, 1], [1000, 2]], 0, 5000, 1000, 2500)).toEqual([[0, 1], [1000, 2], [2000, null]]);
    // ...but never a gap before the last real point
    expect(fillGaps([[0, 1], [4000, 2]], 0, 5000, 1000, 5000)).toEqual([[0, 1], [1000, null], [2000, null], [3000, null], [4000, 2]]);
  });

  it('gives a range with no samples at all as nulls', () => {
    expect(fillGaps([], 0, 3000, 1000)).toEqual([[0, null], [1000, null], [2000, null]]);
  });

  it('refuses nonsense rather than looping forever', () => {
    expect(fillGaps([], 0, 1000, 0)).toEqual([]);
    expect(fillGaps([], 5000, 1000, 100)).toEqual([]);
    expect(fillGaps([], 0, 1e12, 1).length).toBe(5000);
  });

  it('handles a last bucket narrower than the step', () => {
    expect(fillGaps([[2000, 3]], 0, 2500, 1000)).toEqual([[0, null], [1000, null], [2000, 3]]);
  });
});

const series = (from: number, points: [number, number | null][], stepMs = 1000, to = from + 5000): SeriesResponse => ({ metric: 'active', from, to, stepMs, points });

describe('mergeSeries', () => {
  it('makes one row per bucket with each series under its name', () => {
    const rows = mergeSeries({ active: series(0, [[0, 1], [1000, 2]]), idle: series(0, [[0, 5], [2000, 6]]) });
    expect(rows.slice(0, 3)).toEqual([
      { t: 0, active: 1, idle: 5 },
      { t: 1000, active: 2, idle: null },
      { t: 2000, active: null, idle: 6 },
    ]);
    expect(rows).toHaveLength(5);
  });

  it('lines up series fetched a bucket apart on one grid spanning both', () => {
    const rows = mergeSeries({ active: series(0, [[0, 1], [4000, 5]]), idle: series(1000, [[1000, 7], [5000, 8]]) });
    expect(rows.map((r) => r.t)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(rows[0]).toEqual({ t: 0, active: 1, idle: null });
    expect(rows[5]).toEqual({ t: 5000, active: null, idle: 8 });
  });

  it('skips series not loaded yet and trims the empty live edge', () => {
    expect(mergeSeries({ active: undefined })).toEqual([]);
    const rows = mergeSeries({ active: series(0, [[0, 1]]), idle: undefined }, 3000);
    expect(rows).toEqual([{ t: 0, active: 1 }, { t: 1000, active: null }]);
  });
});

describe('mergeSeries at the live edge', () => {
  it('ends where the least advanced series ends, so a stack never loses a layer at the edge', () => {
    const rows = mergeSeries({ active: series(0, [[0, 1], [1000, 1], [2000, 1]]), idle: series(0, [[0, 2], [1000, 2]]) }, 3500);
    expect(rows.map((r) => r.t)).toEqual([0, 1000]);
  });

  it('still shows a real gap in one series away from the edge', () => {
    const rows = mergeSeries({ active: series(0, [[0, 1], [1000, 1], [4000, 1]]), idle: series(0, [[0, 2], [4000, 2]]) }, 1000);
    expect(rows.map((r) => r.idle)).toEqual([2, null, null, null, 2]);
  });
});
