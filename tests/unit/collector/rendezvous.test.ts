import { describe, expect, it } from 'vitest';
import { assignTargets, pairWeight, shareBound } from '@/lib/collector/rendezvous';
import { prng as random } from '@/tests/support/prng';

function randomCase(next: () => number, maxTargets: number, maxReplicas: number) {
  const n = Math.floor(next() * (maxTargets + 1));
  const r = 1 + Math.floor(next() * maxReplicas);
  const targets = Array.from({ length: n }, () => crypto.randomUUID());
  const replicas = Array.from({ length: r }, () => String(1 + Math.floor(next() * (2 ** 31 - 2))));
  return { targets, replicas: [...new Set(replicas)] };
}

function loads(owners: Map<string, string>): Map<string, number> {
  const load = new Map<string, number>();
  for (const replica of owners.values()) load.set(replica, (load.get(replica) ?? 0) + 1);
  return load;
}

describe('the shares of the targets over the live replicas', () => {
  it('gives every target to exactly one live replica, and no replica more than ⌈N/R⌉ (within the ⌈N/R⌉ + 1 promised), over many random N and R', { timeout: 30_000 }, () => {
    const next = random(13);
    for (let round = 0; round < 400; round++) {
      const { targets, replicas } = randomCase(next, 200, 10);
      const owners = assignTargets(targets, replicas);
      const context = `N=${targets.length} R=${replicas.length} (round ${round})`;
      expect(owners.size, context).toBe(targets.length);
      const live = new Set(replicas);
      expect(targets.filter((target) => !live.has(owners.get(target) ?? '')), context).toEqual([]);
      const bound = Math.ceil(targets.length / replicas.length);
      expect(Math.max(0, ...loads(owners).values()), context).toBeLessThanOrEqual(bound);
    }
  });

  it('needs the bound: plain rendezvous hashing often gives a replica more than ⌈N/R⌉ + 1 of 60 targets over 3', () => {
    let over = 0;
    for (let round = 0; round < 50; round++) {
      const targets = Array.from({ length: 60 }, () => crypto.randomUUID());
      const replicas = ['1', '2', '3'].map((id) => `${id}${round}`);
      const load = new Map<string, number>();
      for (const target of targets) {
        const best = replicas.reduce((a, b) => (pairWeight(target, b) > pairWeight(target, a) ? b : a));
        load.set(best, (load.get(best) ?? 0) + 1);
      }
      if (Math.max(...load.values()) > shareBound(60, 3) + 1) over++;
    }
    expect(over).toBeGreaterThan(0);
    // The bounded shares of the same kind of fleet never do.
    const targets = Array.from({ length: 60 }, () => crypto.randomUUID());
    expect(Math.max(...loads(assignTargets(targets, ['1', '2', '3'])).values())).toBeLessThanOrEqual(20);
  });

  it('is the same on every replica, whatever order each lists the targets and replicas in', () => {
    const next = random(7);
    for (let round = 0; round < 50; round++) {
      const { targets, replicas } = randomCase(next, 100, 8);
      const reference = assignTargets(targets, replicas);
      const shuffled = assignTargets([...targets].reverse(), [...replicas].reverse());
      expect(Object.fromEntries(shuffled)).toEqual(Object.fromEntries(reference));
    }
  });

  it('spreads a departed replica’s targets over the others and gives a joining replica a share', () => {
    const targets = Array.from({ length: 60 }, () => crypto.randomUUID());
    const before = assignTargets(targets, ['11', '22', '33']);
    const departed = [...before].filter(([, owner]) => owner === '22').map(([target]) => target);
    const after = assignTargets(targets, ['11', '33']);
    expect(new Set(departed.map((target) => after.get(target)))).toEqual(new Set(['11', '33']));
    expect(Math.max(...loads(after).values())).toBeLessThanOrEqual(30);

    const joined = assignTargets(targets, ['11', '33', '44']);
    const share = loads(joined).get('44') ?? 0;
    expect(share).toBeGreaterThan(10);
    expect(share).toBeLessThanOrEqual(20);
  });

  it('has no owner without a live replica', () => {
    expect(assignTargets(['a', 'b'], []).size).toBe(0);
    expect(shareBound(5, 0)).toBe(0);
  });
});
