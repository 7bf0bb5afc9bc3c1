import { describe, expect, it } from 'vitest';
import { computeAllowances, reserveFor, type AllowanceApplication } from '@/lib/budget/allowance';
import { checkPlan } from '@/lib/budget/check';

const fleet = (application: string, instances: number, poolMax: number, weight?: number): AllowanceApplication => ({
  application,
  poolMaxes: Array.from({ length: instances }, () => poolMax),
  weight,
});
const perInstance = (allowances: ReturnType<typeof computeAllowances>) =>
  Object.fromEntries(allowances.applications.map((app) => [app.application, app.maxPerInstance]));

describe('allowances', () => {
  it('shares what the reserve leaves in proportion to Σ pool max, and spells it out (the demo fleet)', () => {
    const allowances = computeAllowances({ usable: 97, headroomPercent: 10, applications: [fleet('worksmart-worker', 2, 5), fleet('worksmart-web', 6, 50)] });
    expect(allowances.reserve).toEqual({ lifeguard: 2, headroomPercent: 10, headroom: 10, total: 12 });
    expect(allowances.available).toBe(85);
    expect(perInstance(allowances)).toEqual({ 'worksmart-web': 13, 'worksmart-worker': 3 });
    expect(allowances.arithmetic).toBe(
      '97 usable − 12 reserve (Lifeguard 2 + 10 % headroom 10) = 85 available; worksmart-web 6 × 13 = 78 + worksmart-worker 2 × 3 = 6 = 84 ≤ 85',
    );
    expect(allowances.applications[0]?.arithmetic).toBe('worksmart-web: 12 floor + 66.8 by Σ pool max 300 of 310 = 78.8 over 6 instances → 13 each');
  });

  it('rounds the headroom up, never in the pools’ favour', () => {
    expect(reserveFor(37, 10)).toMatchObject({ headroom: 4, total: 6 });
    expect(reserveFor(100, 10)).toMatchObject({ headroom: 10, total: 12 });
    expect(reserveFor(97, 0)).toMatchObject({ headroom: 0, total: 2 });
    expect(reserveFor(97, 25)).toMatchObject({ headroom: 25, total: 27 });
  });

  it('shares equal claims equally, and by admin weight when one is set', () => {
    const even = computeAllowances({ usable: 100, headroomPercent: 0, applications: [fleet('a', 2, 40), fleet('b', 2, 40)] });
    // 98 available: 49 each, 24.5 → 24; the 2 left over make one of them 25.
    expect(perInstance(even)).toEqual({ a: 25, b: 24 });
    // b is twice as important as its pool max says: weight 160 against a's 80 (Σ pool max).
    const weighted = computeAllowances({ usable: 100, headroomPercent: 0, applications: [fleet('a', 2, 40), fleet('b', 2, 40, 160)] });
    expect(perInstance(weighted)).toEqual({ a: 17, b: 32 }); // rest 90: a 4 + 30 = 34 → 17; b 4 + 60 = 64 → 32
    expect(weighted.applications.find((app) => app.application === 'b')).toMatchObject({ weight: 160, weighedBy: 'admin weight' });
    // A weight of 0: the floor only.
    expect(perInstance(computeAllowances({ usable: 100, headroomPercent: 0, applications: [fleet('a', 2, 40), fleet('b', 2, 40, 0)] }))).toEqual({ a: 40, b: 2 });
  });

  it('never gives an application more than it configured, and hands the rest to the others', () => {
    const allowances = computeAllowances({ usable: 100, headroomPercent: 0, applications: [fleet('web', 2, 50), fleet('cron', 1, 5, 1000)] });
    // cron's weight would give it 83 of the 92 shared; it configured 5, so web gets the rest: 4 + 89 = 93 → 46.
    expect(perInstance(allowances)).toEqual({ web: 46, cron: 5 });
    expect(allowances.applications.find((app) => app.application === 'cron')?.arithmetic).toContain('all it configured');
    // Room for everyone's configured max: everyone gets it.
    expect(perInstance(computeAllowances({ usable: 500, headroomPercent: 10, applications: [fleet('web', 6, 50), fleet('worker', 2, 5)] }))).toEqual({ web: 50, worker: 5 });
  });

  it('guarantees every instance the floor (or its smaller pool max), and says when the floors alone are too many', () => {
    // Weighed 0, `idle` gets nothing of the shared part: the floor still holds. `single` configured 1.
    const small = computeAllowances({ usable: 97, headroomPercent: 10, applications: [fleet('web', 6, 50), fleet('idle', 3, 10, 0), fleet('single', 2, 1)] });
    expect(perInstance(small)).toEqual({ web: 12, idle: 2, single: 1 });
    const crowded = computeAllowances({ usable: 30, headroomPercent: 10, applications: [fleet('web', 20, 50)] });
    expect(crowded.floorsExceed).toBe(true);
    expect(perInstance(crowded)).toEqual({ web: 2 });
    expect(crowded.arithmetic).toBe('30 usable − 5 reserve (Lifeguard 2 + 10 % headroom 3) = 25 available; the floors alone (40) exceed it: every instance gets 2, web 20 × 2 = 40 > 25');
    expect(computeAllowances({ usable: 30, headroomPercent: 10, applications: [fleet('web', 20, 50)], floor: 1 }).floorsExceed).toBe(false);
  });

  it('rounds down, so the allowances never add up to more than is available', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n) + 0;
    for (let round = 0; round < 500; round++) {
      const applications = Array.from({ length: 1 + random(4) }, (_, i) => ({
        application: `app-${i}`,
        poolMaxes: Array.from({ length: 1 + random(12) }, () => 1 + random(80)),
        weight: random(3) === 0 ? random(200) : null,
      }));
      const allowances = computeAllowances({ usable: 5 + random(300), headroomPercent: random(30), applications });
      const given = allowances.applications.reduce((total, app) => total + app.share, 0);
      if (!allowances.floorsExceed) expect(given).toBeLessThanOrEqual(allowances.available ?? 0);
      for (const app of allowances.applications) {
        const poolMaxes = applications.find((candidate) => candidate.application === app.application)?.poolMaxes ?? [];
        expect(app.maxPerInstance).toBeGreaterThanOrEqual(Math.min(2, ...poolMaxes));
        expect(app.maxPerInstance).toBeLessThanOrEqual(Math.max(2, ...poolMaxes));
      }
    }
  });

  it('follows instances coming and going', () => {
    const at = (webInstances: number) => perInstance(computeAllowances({ usable: 97, headroomPercent: 10, applications: [fleet('web', webInstances, 50), fleet('worker', 2, 5)] }));
    expect(at(6)).toEqual({ web: 13, worker: 3 });
    expect(at(7)).toEqual({ web: 11, worker: 3 }); // a seventh instance: each of the seven gets less
    expect(at(12)).toEqual({ web: 6, worker: 3 });
    expect(at(3)).toEqual({ web: 25, worker: 5 }); // instances gone: the survivors get their part, and the rounding's rest
    expect(at(6)).toEqual({ web: 13, worker: 3 });
  });

  it('gives no allowance while usable connections are unknown', () => {
    const unknown = computeAllowances({ usable: null, headroomPercent: 10, applications: [fleet('web', 6, 50)] });
    expect(unknown).toMatchObject({ usable: null, reserve: null, available: null, arithmetic: 'usable connections unknown (no sample of the target yet): no allowances' });
    expect(perInstance(unknown)).toEqual({ web: null });
    expect(computeAllowances({ usable: 97, headroomPercent: 10, applications: [] }).arithmetic).toBe(
      '97 usable − 12 reserve (Lifeguard 2 + 10 % headroom 10) = 85 available; no pool reports to share it among',
    );
  });
});

describe('budget check', () => {
  const others = [{ application: 'worksmart-worker', committed: 10 }];

  it('refuses a plan that does not fit and says which pool max would', () => {
    expect(checkPlan({ usable: 97, headroomPercent: 10, others, plan: { application: 'worksmart-web', instances: 12, poolMax: 50 } })).toEqual({
      fits: false,
      usable: 97,
      reserve: 12,
      available: 85,
      committed: 610,
      maxPerInstance: 6,
      arithmetic: 'worksmart-web 12 × 50 = 600 + worksmart-worker 10 = 610 > 85 available of 97 usable (reserve 12: Lifeguard 2 + 10 % headroom 10); pool max ≤ 6 fits',
    });
  });

  it('passes a plan that fits, replacing the application’s current instances by the plan', () => {
    const check = checkPlan({ usable: 97, headroomPercent: 10, others: [...others, { application: 'worksmart-web', committed: 300 }], plan: { application: 'worksmart-web', instances: 6, poolMax: 10 } });
    expect(check).toMatchObject({ fits: true, committed: 70, maxPerInstance: 12 });
    expect(check.arithmetic).toBe('worksmart-web 6 × 10 = 60 + worksmart-worker 10 = 70 ≤ 85 available of 97 usable (reserve 12: Lifeguard 2 + 10 % headroom 10); pool max ≤ 12 fits');
    // Exactly at the limit fits.
    expect(checkPlan({ usable: 97, headroomPercent: 10, others, plan: { application: 'web', instances: 5, poolMax: 15 } })).toMatchObject({ fits: true, committed: 85 });
  });

  it('says when no pool max fits, and when it cannot tell', () => {
    const crowded = checkPlan({ usable: 97, headroomPercent: 10, others: [{ application: 'batch', committed: 90 }], plan: { application: 'web', instances: 2, poolMax: 5 } });
    expect(crowded).toMatchObject({ fits: false, maxPerInstance: 0 });
    expect(crowded.arithmetic).toMatch(/no pool max fits: the other applications commit 90 of 85 available$/);
    expect(checkPlan({ usable: null, headroomPercent: 10, others, plan: { application: 'web', instances: 2, poolMax: 5 } })).toEqual({
      fits: null,
      usable: null,
      reserve: null,
      available: null,
      committed: 20,
      maxPerInstance: null,
      arithmetic: 'web 2 × 5 = 10 + worksmart-worker 10 = 20; usable connections unknown (no sample of the target yet): cannot tell',
    });
  });
});
