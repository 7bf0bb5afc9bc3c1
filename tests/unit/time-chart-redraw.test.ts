import { describe, expect, it } from 'vitest';
import { samePlot, type PlotProps } from '@/components/charts/time-chart';

const T = Date.UTC(2026, 10, 29, 15, 0, 0);
const rows = (last: number) => [{ t: T, total: 10 }, { t: T + 1000, total: last }];
const plot = (overrides: Partial<PlotProps> = {}): PlotProps => ({
  rows: rows(12), series: [{ key: 'total', label: 'total', color: 'total', kind: 'line' }], from: T, to: T + 2000, height: 240, compact: false,
  unit: '', rightUnit: '', references: [], marker: null, onPick: undefined, ...overrides,
});

describe('a chart redraws only when what it draws changed', () => {
  it('skips a redraw for a parent render that rebuilt equal rows, series and references', () => {
    expect(samePlot(plot(), plot())).toBe(true);
    expect(samePlot(plot({ references: [{ y: 97, label: 'usable', color: 'limit' }] }), plot({ references: [{ y: 97, label: 'usable', color: 'limit' }] }))).toBe(true);
  });

  it('redraws for a pushed sample that changed the live bucket, a new bucket, or a new span', () => {
    expect(samePlot(plot(), plot({ rows: rows(13) }))).toBe(false);
    expect(samePlot(plot(), plot({ rows: [...rows(12), { t: T + 2000, total: 12 }] }))).toBe(false);
    expect(samePlot(plot(), plot({ from: T + 1000, to: T + 3000 }))).toBe(false);
    expect(samePlot(plot(), plot({ marker: T + 1000 }))).toBe(false);
    expect(samePlot(plot(), plot({ rows: [{ t: T, total: 10 }, { t: T + 1000, total: null }] }))).toBe(false);
  });
});
