import { describe, expect, it } from 'vitest';
import { nextTickMs, TICK_SLOTS, tickPhaseMs } from '@/lib/collector/tick-phase';

const ids = Array.from({ length: 300 }, (_, i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);

describe('tick phase', () => {
  it('gives each target the same offset every time: one of the slots of its interval', () => {
    for (const id of ids) {
      const phase = tickPhaseMs(id, 1000);
      expect(phase).toBe(tickPhaseMs(id, 1000));
      expect(phase % (1000 / TICK_SLOTS)).toBe(0);
      expect(phase).toBeGreaterThanOrEqual(0);
      expect(phase).toBeLessThan(1000);
      expect(tickPhaseMs(id, 250)).toBeLessThan(250);
    }
  });

  it('spreads 300 targets over the interval: no tenth of it holds more than twice its share', () => {
    const tenths = new Array<number>(10).fill(0);
    for (const id of ids) tenths[Math.floor(tickPhaseMs(id, 1000) / 100)]!++;
    expect(Math.max(...tenths)).toBeLessThanOrEqual(60);
    expect(Math.min(...tenths)).toBeGreaterThan(0);
  });

  it('ticks on the next point of the target grid strictly after now, skipping missed ones', () => {
    expect(nextTickMs(10_000, 250, 1000)).toBe(10_250);
    expect(nextTickMs(10_250, 250, 1000)).toBe(11_250);
    expect(nextTickMs(12_900, 250, 1000)).toBe(13_250);
    expect(nextTickMs(10_100, 0, 250)).toBe(10_250);
  });
});
