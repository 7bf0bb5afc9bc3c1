import { describe, expect, it } from 'vitest';
import { dayPartitionName, daysToCover, expiredPartitions, isCovered, isDayPartition, quoteIdent, type PartitionBounds } from '@/lib/samples/partition-days';

const at = (iso: string) => new Date(iso);
const day = (iso: string): PartitionBounds => {
  const from = at(`${iso}T00:00:00Z`);
  return { name: dayPartitionName(from), isDefault: false, from, to: new Date(from.getTime() + 86_400_000) };
};
const legacy: PartitionBounds = { name: 'samples_legacy', isDefault: false, from: null, to: at('2026-11-30T00:00:00Z') };
const fallback: PartitionBounds = { name: 'samples_default', isDefault: true, from: null, to: null };

describe('sample partition days', () => {
  it('covers today and the next two UTC days, whatever the hour', () => {
    expect(daysToCover(at('2026-11-29T23:59:59.999Z')).map(dayPartitionName)).toEqual(['samples_p20261129', 'samples_p20261130', 'samples_p20261201']);
    expect(daysToCover(at('2026-12-31T00:00:00Z')).map((d) => d.toISOString())).toEqual(['2026-12-31T00:00:00.000Z', '2027-01-01T00:00:00.000Z', '2027-01-02T00:00:00.000Z']);
  });

  it('counts a day as covered by a day partition or the legacy table, never by the default partition', () => {
    const partitions = [legacy, fallback, day('2026-11-30')];
    expect(isCovered(at('2026-11-29T00:00:00Z'), partitions)).toBe(true);
    expect(isCovered(at('2026-11-30T00:00:00Z'), partitions)).toBe(true);
    expect(isCovered(at('2026-12-01T00:00:00Z'), partitions)).toBe(false);
  });

  it('drops only what lies wholly before the cut-off, oldest first, and never the default partition', () => {
    const partitions = [day('2026-11-30'), fallback, legacy, day('2026-12-01')];
    expect(expiredPartitions(partitions, at('2026-11-30T23:59:59Z')).map((p) => p.name)).toEqual(['samples_legacy']);
    expect(expiredPartitions(partitions, at('2026-12-01T00:00:00Z')).map((p) => p.name)).toEqual(['samples_legacy', 'samples_p20261130']);
    expect([legacy, fallback, day('2026-11-30')].map(isDayPartition)).toEqual([false, false, true]);
  });

  it('quotes a partition name as one identifier', () => {
    expect(quoteIdent('samples_p20261129')).toBe('"samples_p20261129"');
    expect(quoteIdent('odd"name')).toBe('"odd""name"');
  });
});
