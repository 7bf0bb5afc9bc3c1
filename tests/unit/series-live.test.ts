import { describe, expect, it } from 'vitest';
import type { SeriesTableResponse } from '@/lib/browser/series';
import { appendSample, liveTable, sampleValue } from '@/lib/browser/series-live';
import type { Snapshot } from '@/lib/samples/types';

const T0 = Date.UTC(2025, 0, 1, 3, 0, 0);

function sample(at: number, figures: Partial<Snapshot> & { active?: number; idle?: number } = {}): Snapshot {
  const { active = 1, idle = 1, ...rest } = figures;
  return {
    targetId: 'a', at: new Date(at).toISOString(), maxConnections: 100, reservedConnections: 3, usableConnections: 97, total: active + idle,
    states: { active, idle, idleInTransaction: 0, idleInTransactionAborted: 0 }, waiting: 0, oldestXactSeconds: null, applications: [],
    probeLatencyMs: 1, connectLatencyMs: null, commitsPerSec: null, rollbacksPerSec: null, deadlocksPerSec: null, error: null, errorCode: null,
    ...rest,
  };
}

/** A fetched table of 10 s buckets over [T0, T0 + 60 s), its last bucket (T0 + 50 s) partly filled. */
function fetched(metrics: SeriesTableResponse['metrics'], rows: SeriesTableResponse['rows']) {
  return liveTable({ metrics, from: T0, to: T0 + 60_000, stepMs: 10_000, rows }, T0 + 52_000);
}

describe('sampleValue', () => {
  it('reads a sample as the SQL definitions do', () => {
    const s = sample(T0, { active: 40, idle: 8, error: 'refused' });
    expect(sampleValue(s, 'active')).toBe(40);
    expect(sampleValue(s, 'total')).toBe(48);
    expect(sampleValue(s, 'usagePercent')).toBeCloseTo((100 * 48) / 97);
    expect(sampleValue(s, 'errors')).toBe(1);
    expect(sampleValue({ ...s, states: null }, 'idle')).toBeNull();
  });
});

describe('appendSample', () => {
  it('merges into the current bucket with the server aggregates: max, count, and the states at the peak total', () => {
    const table = fetched(['total', 'active', 'idle', 'errors'], [[T0 + 50_000, 10, 7, 3, 1]]);
    const higher = appendSample(table, sample(T0 + 53_000, { active: 2, idle: 9, error: 'x' }), true);
    expect(higher.refetch).toBe(false);
    expect(higher.table.rows).toEqual([[T0 + 50_000, 11, 2, 9, 2]]);
    // A lower total keeps the peak's states; the maximum stays.
    const lower = appendSample(higher.table, sample(T0 + 54_000, { active: 1, idle: 1 }), true);
    expect(lower.table.rows).toEqual([[T0 + 50_000, 11, 2, 9, 2]]);
    // An equal total is the later instant: its states win.
    const equal = appendSample(lower.table, sample(T0 + 55_000, { active: 6, idle: 5 }), true);
    expect(equal.table.rows).toEqual([[T0 + 50_000, 11, 6, 5, 2]]);
  });

  it('starts a new bucket at the live edge and averages rates over the samples that had one', () => {
    const table = fetched(['commitsPerSec', 'total'], [[T0 + 40_000, 5, 2]]);
    const first = appendSample(table, sample(T0 + 53_000, { commitsPerSec: 10 }), true);
    const second = appendSample(first.table, sample(T0 + 54_000, { commitsPerSec: null }), true);
    const third = appendSample(second.table, sample(T0 + 55_000, { commitsPerSec: 20 }), true);
    expect(third.refetch).toBe(false);
    expect(third.table.rows).toEqual([[T0 + 40_000, 5, 2], [T0 + 50_000, 15, 2]]);
  });

  it('leaves a server bucket mean alone and asks for a refetch when that bucket closes', () => {
    const table = fetched(['commitsPerSec'], [[T0 + 50_000, 5]]);
    const merged = appendSample(table, sample(T0 + 53_000, { commitsPerSec: 100 }), true);
    expect(merged.table.rows).toEqual([[T0 + 50_000, 5]]);
    expect(merged.refetch).toBe(false);
    const next = appendSample(merged.table, sample(T0 + 61_000, { commitsPerSec: 7 }), true);
    expect(next.refetch).toBe(true);
    expect(next.table.rows.at(-1)).toEqual([T0 + 60_000, 7]);
  });

  it('slides a relative range forward by whole buckets, dropping what falls out', () => {
    const table = fetched(['total'], [[T0, 1], [T0 + 50_000, 2]]);
    const { table: slid } = appendSample(table, sample(T0 + 65_000), true);
    expect([slid.from, slid.to]).toEqual([T0 + 10_000, T0 + 70_000]);
    expect(slid.rows).toEqual([[T0 + 50_000, 2], [T0 + 60_000, 2]]);
  });

  it('drops samples already counted, before the range, or after a fixed range', () => {
    const table = fetched(['total'], [[T0 + 50_000, 2]]);
    expect(appendSample(table, sample(T0 + 51_000, { active: 50 }), true).table).toBe(table);
    expect(appendSample({ ...table, live: { through: 0, edge: null } }, sample(T0 - 1000), true).table.rows).toEqual(table.rows);
    expect(appendSample(table, sample(T0 + 61_000), false).table).toBe(table);
    // …but one that opens a bucket no row holds yet is new whatever its time.
    const late = appendSample({ ...table, rows: [[T0 + 40_000, 2]] }, sample(T0 + 51_000, { active: 50 }), true);
    expect(late.table.rows).toEqual([[T0 + 40_000, 2], [T0 + 50_000, 51]]);
    const once = appendSample(table, sample(T0 + 53_000, { active: 50 }), true).table;
    expect(appendSample(once, sample(T0 + 53_000, { active: 50 }), true).table).toBe(once);
  });
});
