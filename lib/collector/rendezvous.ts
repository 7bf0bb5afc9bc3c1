import { createHash } from 'node:crypto';

/**
 * Which live replica should sample each target: rendezvous (highest-random-weight) hashing with a
 * bound on each replica's share. Pure and deterministic, so every replica computes the same answer
 * from the same target list and the same live replicas, and no replica has to tell the others.
 *
 * Plain rendezvous hashing gives each target to the replica with the highest weight
 * hash(target, replica): a replica joining or leaving moves only the targets it gains or loses,
 * but the shares are only balanced on average (with 60 targets over 3 replicas one often gets 25).
 * So each replica takes at most `shareBound(N, R)` = ⌈N/R⌉ targets: the (target, replica) pairs
 * are taken in descending weight order, and a pair whose replica is full is skipped, so the
 * target goes to its next-highest-weight replica that still has room. Every target finds one
 * (R × ⌈N/R⌉ ≥ N), and no replica is ever given more than ⌈N/R⌉.
 */
export function shareBound(targets: number, replicas: number): number {
  return replicas === 0 ? 0 : Math.ceil(targets / replicas);
}

/** Weight of a (target, replica) pair: 48 bits of SHA-256, exact in a double. */
export function pairWeight(targetId: string, replicaId: string): number {
  return createHash('sha256').update(targetId).update('\0').update(replicaId).digest().readUIntBE(0, 6);
}

/** The owner of every target (target id → replica id); empty when no replica is live. */
export function assignTargets(targetIds: readonly string[], replicaIds: readonly string[]): Map<string, string> {
  const targets = [...new Set(targetIds)];
  const replicas = [...new Set(replicaIds)];
  const owners = new Map<string, string>();
  if (replicas.length === 0) return owners;
  const bound = shareBound(targets.length, replicas.length);
  const pairs = targets.flatMap((target) => replicas.map((replica) => ({ target, replica, weight: pairWeight(target, replica) })));
  // Ties (practically never) are broken by the ids, so the order never depends on the input's.
  pairs.sort((a, b) => b.weight - a.weight || compare(a.target, b.target) || compare(a.replica, b.replica));
  const load = new Map<string, number>();
  for (const { target, replica } of pairs) {
    if (owners.has(target)) continue;
    const taken = load.get(replica) ?? 0;
    if (taken >= bound) continue;
    owners.set(target, replica);
    load.set(replica, taken + 1);
    if (owners.size === targets.length) break;
  }
  return owners;
}

/**
 * The owner of every target, recomputed only when the target ids or the live replicas change:
 * the polls between changes cost a string comparison, not N × R hashes.
 */
export function memoisedShares(): (targets: ReadonlyMap<string, unknown>, replicas: string[]) => Map<string, string> {
  let key = '';
  let owners = new Map<string, string>();
  return (targets, replicas) => {
    const ids = [...targets.keys()].sort();
    const live = [...replicas].sort();
    const next = `${ids.join(',')}|${live.join(',')}`;
    if (next !== key) {
      owners = assignTargets(ids, live);
      key = next;
    }
    return owners;
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
