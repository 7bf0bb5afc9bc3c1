import { describe, expect, it } from 'vitest';
import { FamilyBuilder, renderExposition } from '@/lib/prometheus/exposition';
import { parseExposition, seriesValue } from '@/tests/support/prometheus';

/** The exposition writer, checked by the strict parser; and the parser, checked to reject. */
describe('exposition writer', () => {
  it('round-trips label values with backslashes, quotes and newlines', () => {
    const nasty = 'C:\\app "web"\nline2';
    const text = renderExposition([
      new FamilyBuilder('pg_up', 'gauge', 'Up.\nSecond line with \\ backslash').set({ target: nasty }, 1).set({ target: 'other' }, 0).build(),
      new FamilyBuilder('lifeguard_x_total', 'counter', 'Counts.').add({ a: '1' }, 2).add({ a: '1' }, 3).set({ a: '2' }, null).build(),
    ]);
    expect(text).toContain('pg_up{target="C:\\\\app \\"web\\"\\nline2"} 1\n');
    const families = parseExposition(text);
    expect(seriesValue(families, 'pg_up', { target: nasty })).toBe(1);
    expect(families.get('pg_up')?.help).toBe('Up.\nSecond line with \\ backslash');
    expect(seriesValue(families, 'lifeguard_x_total', { a: '1' })).toBe(5);
    expect(families.get('lifeguard_x_total')?.samples).toHaveLength(1);
  });

  it('writes special values and refuses invalid names', () => {
    const text = renderExposition([new FamilyBuilder('g', 'gauge', 'h').set({ k: 'nan' }, NaN).set({ k: 'inf' }, Infinity).set({ k: 'ninf' }, -Infinity).build()]);
    const families = parseExposition(text);
    expect(seriesValue(families, 'g', { k: 'nan' })).toBeNaN();
    expect(seriesValue(families, 'g', { k: 'inf' })).toBe(Infinity);
    expect(seriesValue(families, 'g', { k: 'ninf' })).toBe(-Infinity);
    expect(() => renderExposition([new FamilyBuilder('bad-name', 'gauge', 'h').build()])).toThrow(/metric name/);
    expect(() => renderExposition([new FamilyBuilder('ok', 'gauge', 'h').set({ 'bad-label': 'x' }, 1).build()])).toThrow(/label name/);
  });
});

describe('strict exposition parser', () => {
  const valid = '# HELP m A metric.\n# TYPE m gauge\nm{a="1"} 1\nm{a="2"} 2.5e3\n# TYPE h histogram\nh_bucket{le="+Inf"} 3\nh_sum 4\nh_count 3\n';

  it('accepts a valid exposition', () => {
    const families = parseExposition(valid);
    expect(seriesValue(families, 'm', { a: '2' })).toBe(2500);
    expect(families.get('h')?.samples).toHaveLength(3);
  });

  it.each([
    ['no trailing newline', valid.trimEnd()],
    ['a sample without TYPE', 'x 1\n'],
    ['a sample with HELP but no TYPE', '# HELP x h\nx 1\n'],
    ['a duplicate series', '# TYPE m gauge\nm{a="1"} 1\nm{a="1"} 2\n'],
    ['a family split in two', '# TYPE m gauge\n# TYPE n gauge\nm 1\nn 1\nm{a="1"} 1\n'],
    ['TYPE after samples', '# TYPE m gauge\nm 1\n# TYPE m gauge\n'],
    ['TYPE twice', '# TYPE m gauge\n# TYPE m counter\nm 1\n'],
    ['HELP twice', '# HELP m a\n# HELP m b\n# TYPE m gauge\nm 1\n'],
    ['an unknown type', '# TYPE m meter\nm 1\n'],
    ['an invalid metric name', '# TYPE 1m gauge\n1m 1\n'],
    ['an invalid label name', '# TYPE m gauge\nm{1a="x"} 1\n'],
    ['a reserved label name', '# TYPE m gauge\nm{__name__="x"} 1\n'],
    ['a label twice', '# TYPE m gauge\nm{a="x",a="y"} 1\n'],
    ['an invalid escape', '# TYPE m gauge\nm{a="x\\ty"} 1\n'],
    ['an unterminated label value', '# TYPE m gauge\nm{a="x} 1\n'],
    ['an unquoted label value', '# TYPE m gauge\nm{a=x} 1\n'],
    ['a trailing comma', '# TYPE m gauge\nm{a="x",} 1\n'],
    ['an invalid value', '# TYPE m gauge\nm 1,5\n'],
    ['a missing value', '# TYPE m gauge\nm\n'],
    ['two spaces', '# TYPE m gauge\nm  1\n'],
    ['an invalid timestamp', '# TYPE m gauge\nm 1 soon\n'],
  ])('rejects %s', (_, text) => {
    expect(() => parseExposition(text)).toThrow();
  });
});
