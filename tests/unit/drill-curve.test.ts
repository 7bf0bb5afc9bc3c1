import { describe, expect, it } from 'vitest';
import { curvePoint, percentile } from '@/lib/drills/curve';
import { drillParamsSchema } from '@/lib/drills/schema';
import type { FleetStats } from '@/lib/drills/fleet';

const stats = (at: number, started: number, errors: number): FleetStats => ({
  at, app: 'lifeguard-drill', started, ok: started - errors, errors, tooManyClients: errors, timeouts: 0, shed: 0, droppedIdle: 0,
  latencyMsSum: 0, poolTotal: 0, poolIdle: 0, poolWaiting: 0, inFlight: 0, instances: [],
});

describe('drill curve', () => {
  it('takes percentiles by nearest rank, null for none', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5], 95)).toBe(5);
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
  });

  it('turns two cumulative samples into per-second rates', () => {
    const point = curvePoint(stats(0, 10, 1), stats(2000, 110, 41), [10, 20, 30], 7);
    expect(point).toEqual({ at: 2000, requestsPerSec: 50, errorsPerSec: 20, p50Ms: 20, p95Ms: 30, connections: 7 });
  });
});

describe('drill parameters', () => {
  it('fills defaults and refuses what would not be a bounded drill', () => {
    expect(drillParamsSchema.parse({ instances: 3, poolMax: 20, durationSeconds: 60 })).toEqual({ instances: 3, poolMax: 20, durationSeconds: 60, peakRatePerInstance: 60, applicationName: 'lifeguard-drill' });
    for (const bad of [{ instances: 0 }, { poolMax: 201 }, { durationSeconds: 601 }, { peakRatePerInstance: 201 }, { applicationName: '' }, { extra: 1 }]) {
      expect(drillParamsSchema.safeParse({ instances: 3, poolMax: 20, durationSeconds: 60, ...bad }).success).toBe(false);
    }
  });
});
