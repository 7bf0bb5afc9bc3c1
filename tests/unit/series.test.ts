import { describe, expect, it } from 'vitest';
import { bucketWidth } from '@/lib/samples/series';
import { seriesQuerySchema } from '@/lib/samples/series-params';

describe('bucketWidth', () => {
  it('never yields more buckets than points', () => {
    for (const [from, to, points] of [[0, 3600_000, 300], [0, 7 * 86400_000, 1000], [5, 1006, 7], [0, 1, 300]] as const) {
      const width = bucketWidth(from, to, points);
      expect(Math.ceil((to - from) / width)).toBeLessThanOrEqual(points);
    }
  });

  it('keeps raw resolution when the range has fewer seconds than points', () => {
    expect(bucketWidth(0, 300_000, 300)).toBe(1000);
  });
});

describe('seriesQuerySchema', () => {
  it('accepts epoch milliseconds and ISO times', () => {
    const parsed = seriesQuerySchema.parse({ metric: 'total', from: '1000', to: '1970-01-01T00:00:02Z', points: '10' });
    expect(parsed).toEqual({ metric: ['total'], from: 1000, to: 2000, points: 10 });
  });

  it('accepts several metrics, comma-separated, once each', () => {
    expect(seriesQuerySchema.parse({ metric: 'total, active,total' }).metric).toEqual(['total', 'active']);
  });

  it('defaults to the last hour at 300 points', () => {
    const parsed = seriesQuerySchema.parse({ metric: 'active' });
    expect(parsed.to - parsed.from).toBe(3600_000);
    expect(parsed.points).toBe(300);
  });

  it.each([
    [{ metric: 'password' }, 'metric must be one of'],
    [{ metric: 'total,password,secret' }, 'unknown metric password, secret'],
    [{ metric: ',' }, 'metric is required'],
    [{ metric: 'total', points: '0' }, 'at least 1'],
    [{ metric: 'total', points: '100000' }, 'at most 2000'],
    [{ metric: 'total', from: '2000', to: '1000' }, 'from must be before to'],
    [{ metric: 'total', from: 'yesterday' }, 'epoch milliseconds or an ISO 8601 time'],
    [{ metric: 'total', sql: '1' }, 'sql'],
  ])('rejects %o', (query, message) => {
    const result = seriesQuerySchema.safeParse(query);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message);
  });
});
