/**
 * What fits on a target, in the terms every pool-size suggestion uses (the budget check, the
 * finding's over-budget fix, the lasting fixes beside a dry run). Pure.
 */

/** The collector's one persistent connection and at most one short probe connection at a time: any pool budget leaves them free. */
export const LIFEGUARD_CONNECTIONS = 2;

/**
 * The largest pool max per instance with which `instances` pools together stay within `room`
 * connections (instances × max ≤ room). Below 1 when not even one connection each fits: what
 * then is the caller's to say (the budget check answers 0, the finding offers no fix of that
 * application alone, a lasting fix still suggests 1).
 */
export function poolMaxThatFits(room: number, instances: number): number {
  return Math.floor(room / instances);
}
