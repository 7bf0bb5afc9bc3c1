import { describe, expect, it } from 'vitest';
import { isRefusal, LatencyWindow, percentile } from '../src/latency-window.ts';

describe('latency window', () => {
  it('gives exact nearest-rank percentiles below its capacity, then starts afresh', () => {
    const window = new LatencyWindow(1024);
    for (let ms = 1; ms <= 100; ms++) window.record(ms, ms % 10 === 0);
    expect(window.take()).toEqual({ queries: 100, errors: 10, refusals: 0, p50Ms: 50, p95Ms: 95, p99Ms: 99 });
    expect(window.take()).toEqual({ queries: 0, errors: 0, refusals: 0, p50Ms: null, p95Ms: null, p99Ms: null });
  });

  it('counts refusals apart, and within the errors', () => {
    const window = new LatencyWindow();
    const errors = [null, { code: '53300' }, { code: '53400' }, { code: '57P03' }, { code: '57014' }, new Error('ECONNREFUSED'), { code: 53300 }];
    for (const error of errors) window.record(1, error !== null, isRefusal(error));
    expect(window.take()).toMatchObject({ queries: 7, errors: 6, refusals: 3 });
    // Each window starts afresh: a refusal count left over would exceed the next window's errors.
    expect(window.take()).toMatchObject({ queries: 0, errors: 0, refusals: 0 });
  });

  it('keeps a bounded sample of a busy window and still estimates its percentiles', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const window = new LatencyWindow(500, random);
    for (let i = 0; i < 100_000; i++) window.record((i % 1000) + 1, false);
    const figures = window.take();
    expect(figures.queries).toBe(100_000);
    expect(figures.p50Ms).toBeGreaterThan(400);
    expect(figures.p50Ms).toBeLessThan(600);
    expect(figures.p99Ms).toBeGreaterThan(950);
  });

  it('rounds to microseconds', () => {
    expect(percentile([1.23456], 0.5)).toBe(1.235);
    expect(percentile([], 0.5)).toBeNull();
  });
});
