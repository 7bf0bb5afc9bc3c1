import { describe, expect, it } from 'vitest';
import { combineFigures } from '@/lib/applications/figures';
import { userImpact, userImpactLine, worstSeries, type ApplicationSeriesSet } from '@/lib/postmortem/user-impact';
import { chartWindow, windowClosed } from '@/lib/postmortem/window';

const MIN = 60_000;
const T = Date.parse('2026-11-26T10:00:00Z');

const set = (application: string, values: { p95: (number | null)[]; rate: (number | null)[]; refusals: (number | null)[] }): ApplicationSeriesSet => ({
  application,
  stepMs: MIN,
  p95Ms: values.p95.map((v, i) => [T + i * MIN, v]),
  errorRate: values.rate.map((v, i) => [T + i * MIN, v]),
  refusals: values.refusals.map((v, i) => [T + i * MIN, v]),
});

describe('userImpact', () => {
  const web = set('web', { p95: [20, 229, 40, 900], rate: [0, 12.5, 1, 50], refusals: [0, 30, 2, 99] });
  const worker = set('worker', { p95: [300, null, 10, 10], rate: [null, 20, 0, 0], refusals: [null, null, null, null] });

  it('takes the worst of every application within the incident, not in the margins', () => {
    // The incident runs from the 2nd minute to inside the 3rd; the 4th minute is margin.
    expect(userImpact([web, worker], T + MIN + 1, T + 2 * MIN + 30_000)).toEqual({
      applications: ['web', 'worker'],
      peakP95: { value: 229, application: 'web', at: T + MIN },
      peakErrorRate: { value: 20, application: 'worker', at: T + MIN },
      refusals: 32,
    });
    // A bucket that only began before the start still overlaps it.
    expect(userImpact([worker], T + 30_000, T + 30_000)?.peakP95).toEqual({ value: 300, application: 'worker', at: T });
  });

  it('says nothing without applications, and null refusals when no report counted them', () => {
    expect(userImpact([], T, T + MIN)).toBeNull();
    expect(userImpact([worker], T, T + 4 * MIN)?.refusals).toBeNull();
  });

  it('writes one Issue Summary line', () => {
    const name = (text: string) => `*${text}*`;
    const time = (at: number) => new Date(at).toISOString().slice(11, 16);
    expect(userImpactLine(userImpact([web, worker], T + MIN, T + 2 * MIN), name, time)).toBe(
      '- **What users met:** p95 query latency up to 229 ms (*web*, 10:01); up to 20 % of queries failed (*worker*, 10:01); 32 queries were refused a connection',
    );
    expect(userImpactLine(null, name, time)).toBeNull();
    expect(userImpactLine({ applications: ['idle'], peakP95: null, peakErrorRate: null, refusals: null }, name, time)).toBe('- **What users met:** no query finished in the reports of *idle*');
  });
});

describe('worstSeries', () => {
  it('keeps the worst value of each bucket, and a gap only where every series has one', () => {
    expect(worstSeries([[[1, 5], [2, null], [3, null]], [[1, 9], [2, 4], [3, null]]])).toEqual([[1, 9], [2, 4], [3, null]]);
  });
});

describe('combineFigures', () => {
  const report = { poolMax: 10, total: 4, idle: 1, waiting: 0, queries: 100, errors: 1, refusals: null, p50Ms: 1, p95Ms: 10, p99Ms: null };
  it('adds pool figures and counts up over instances, and takes the worst latency', () => {
    expect(combineFigures([report, { ...report, waiting: 3, errors: 9, refusals: 4, p95Ms: 80, p99Ms: 120 }])).toEqual({
      poolMax: 20, total: 8, idle: 2, waiting: 3, queries: 200, errors: 10, refusals: 4, errorRate: 5, p50Ms: 1, p95Ms: 80, p99Ms: 120,
    });
    expect(combineFigures([])).toBeNull();
    expect(combineFigures([{ ...report, queries: 0, errors: 0 }])?.errorRate).toBeNull();
  });
});

describe('the incident chart window', () => {
  it('closes once the margin after the resolve time has passed', () => {
    const incident = { startedAt: new Date(T).toISOString(), resolvedAt: new Date(T + 100 * MIN).toISOString() };
    expect(chartWindow(incident, new Date(T + 200 * MIN))).toEqual({ from: T - 10 * MIN, to: T + 110 * MIN });
    expect(windowClosed(incident, new Date(T + 110 * MIN - 1))).toBe(false);
    expect(windowClosed(incident, new Date(T + 110 * MIN))).toBe(true);
    expect(windowClosed({ ...incident, resolvedAt: null }, new Date(T + 999 * MIN))).toBe(false);
  });
});
