import type { Load } from '../../lib/drills/fleet';

/**
 * The demo's traffic, shared by `npm run demo` and the benchmarks that replay it (bench-demo,
 * bench-guard), so a figure is measured on the same flood, not a lighter imitation.
 */
export const WEB_CALM: Load = { ratePerInstance: 20, queryMs: [5, 20] };
export const WEB_SURGE: Load = { ratePerInstance: 60, queryMs: [200, 500] };
export const WORKER_LOAD: Load = { ratePerInstance: 5, queryMs: [20, 50] };
/** The web pools keep idle connections this long: part of the misconfiguration, and why recovery is slow. */
export const WEB_IDLE_TIMEOUT_MS = 30_000;
