import { describe, expect, it } from 'vitest';
import { CALM_PROBE_TICKS, nearLimit, Prober, probeDue, probeSettleMs, type ProbeOutcome } from '@/lib/collector/probe';

/** A stand-in for the network probe whose completion the test controls, counting concurrency. */
function controlledProbe() {
  let running = 0;
  let maxRunning = 0;
  let calls = 0;
  const pending: ((outcome: ProbeOutcome) => void)[] = [];
  const probe = (): Promise<ProbeOutcome> => {
    calls++;
    running++;
    maxRunning = Math.max(maxRunning, running);
    return new Promise<ProbeOutcome>((resolve) => pending.push(resolve)).finally(() => running--);
  };
  const finish = async (outcome: ProbeOutcome) => {
    pending.shift()?.(outcome);
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { probe, finish, stats: () => ({ calls, maxRunning }) };
}

describe('Prober', () => {
  it('runs at most one probe at a time: ticks while one is running start none', async () => {
    const fake = controlledProbe();
    const prober = new Prober('postgres://unused', 1000, fake.probe);
    prober.kick();
    prober.kick();
    prober.kick();
    expect(fake.stats()).toEqual({ calls: 1, maxRunning: 1 });
    await fake.finish({ ok: true, latencyMs: 3 });
    prober.kick();
    expect(fake.stats()).toEqual({ calls: 2, maxRunning: 1 });
    await fake.finish({ ok: true, latencyMs: 3 });
    await prober.stop();
  });

  it('reports a refusal until a later probe succeeds, and the latest connect latency until it is older than asked', async () => {
    const fake = controlledProbe();
    const prober = new Prober('postgres://unused', 1000, fake.probe);
    expect(prober.report(1000)).toEqual({ connectLatencyMs: null, error: null, errorCode: null });

    prober.kick();
    await fake.finish({ ok: false, error: 'refusing new connections: too many clients already (SQLSTATE 53300)', errorCode: '53300' });
    expect(prober.lastFailed()).toBe(true);
    prober.kick(); // still running when the next samples are taken
    expect(prober.report(1000).errorCode).toBe('53300');
    expect(prober.report(1000).errorCode).toBe('53300');

    await fake.finish({ ok: true, latencyMs: 7 });
    expect(prober.lastFailed()).toBe(false);
    expect(prober.report(1000)).toEqual({ connectLatencyMs: 7, error: null, errorCode: null });
    expect(prober.report(1000)).toEqual({ connectLatencyMs: 7, error: null, errorCode: null });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(prober.report(10)).toEqual({ connectLatencyMs: null, error: null, errorCode: null });
  });

  it('settle() waits for the running probe, but no longer than asked', async () => {
    const fake = controlledProbe();
    const prober = new Prober('postgres://unused', 1000, fake.probe);
    prober.kick();
    const started = Date.now();
    await prober.settle(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(prober.isRunning()).toBe(true);
    await fake.finish({ ok: true, latencyMs: 1 });
    expect(prober.isRunning()).toBe(false);
  });

  it('lets a sample wait for its probe a fifth of the interval, never more than 200 ms', () => {
    expect(probeSettleMs(250)).toBe(50);
    expect(probeSettleMs(1000)).toBe(200);
    expect(probeSettleMs(5000)).toBe(200);
  });

  it('probes a calm target every few ticks, and every tick near its limit, while refused, or when its counts are unknown', () => {
    const counts = (total: number | null) => ({ total, maxConnections: 100, reservedConnections: 3 });
    const calm = { ticksSinceProbe: 1, lastProbeFailed: false, counts: counts(40) };
    expect(probeDue(calm)).toBe(false);
    expect(probeDue({ ...calm, ticksSinceProbe: CALM_PROBE_TICKS - 1 })).toBe(false);
    expect(probeDue({ ...calm, ticksSinceProbe: CALM_PROBE_TICKS })).toBe(true);
    expect(probeDue({ ...calm, ticksSinceProbe: Number.POSITIVE_INFINITY })).toBe(true);
    expect(probeDue({ ...calm, lastProbeFailed: true })).toBe(true);
    expect(probeDue({ ...calm, counts: null })).toBe(true);
    expect(probeDue({ ...calm, counts: counts(null) })).toBe(true);
    // 75 % of the 97 usable slots.
    expect(nearLimit(counts(72))).toBe(false);
    expect(nearLimit(counts(73))).toBe(true);
    expect(probeDue({ ...calm, counts: counts(73) })).toBe(true);
    expect(probeDue(calm, 1)).toBe(true);
  });
});
