/**
 * How many slots an interval is cut into. Targets of one slot tick together, so the samples
 * they finish at about the same moment share one store write (lib/samples/sample-writer.ts);
 * 20 slots spread the load well enough (a twentieth of the targets at a time, not all of them)
 * while keeping the writes grouped: fully spread ticks (one slot per millisecond) made every
 * sample its own statement and cost the collector 0.4 ms of CPU more per sample (`npm run bench`).
 */
export const TICK_SLOTS = 20;

/**
 * Where in each interval a target is sampled: a fixed offset from the epoch's grid, one of
 * TICK_SLOTS, taken from a hash of the target's id. A collector's targets then tick spread over
 * the interval instead of all at the instant they were started, so a thousand targets cost the
 * same every moment rather than a thousand connects, queries and writes at once and nothing in
 * between (what Prometheus does with its scrape offsets, for the same reason). The offset is the
 * same in every replica and after every restart: a target handed over keeps its rhythm.
 */
export function tickPhaseMs(targetId: string, intervalMs: number): number {
  // FNV-1a, 32 bits: a cheap, well-spread hash of a short string; not a security boundary.
  let hash = 0x811c9dc5;
  for (let i = 0; i < targetId.length; i++) {
    hash ^= targetId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return Math.floor((((hash >>> 0) % TICK_SLOTS) * intervalMs) / TICK_SLOTS);
}

/** The first tick of a target's grid strictly after `nowMs`: missed ticks are skipped, never queued. */
export function nextTickMs(nowMs: number, phaseMs: number, intervalMs: number): number {
  return phaseMs + (Math.floor((nowMs - phaseMs) / intervalMs) + 1) * intervalMs;
}
