/**
 * Holds a page's first API reads until the live feed is subscribed. A read the server answered
 * before it subscribed the page's stream may miss a change made in between, so the feed's first
 * `ready` used to fetch again what had loaded — but not the reads still in flight at that moment,
 * which could miss a change (an alert firing) until the next event of its kind. Reads that wait
 * for `ready` miss nothing and need no second fetch.
 *
 * The wait is bounded: the gate opens on the first `ready`, when the feed fails or is not used
 * (the sign-in page), and after GATE_TIMEOUT_MS whatever happens, so a page never waits long
 * for data; a feed that comes up later than that resyncs as before.
 */
const GATE_TIMEOUT_MS = 1500;

let opened = typeof window === 'undefined';
let waiters: (() => void)[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

/** Opens the gate (idempotent); whether this call opened it. */
export function openFeedGate(): boolean {
  if (opened) return false;
  opened = true;
  clearTimeout(timer);
  for (const resolve of waiters.splice(0)) resolve();
  return true;
}

/** Resolves once the gate is open: at once, for every read after the page's first moments. */
export function feedGate(): Promise<void> | null {
  if (opened) return null;
  timer ??= setTimeout(openFeedGate, GATE_TIMEOUT_MS);
  return new Promise((resolve) => waiters.push(resolve));
}

/** For tests: closed again, as on a fresh page. */
export function resetFeedGateForTests(open: boolean): void {
  clearTimeout(timer);
  timer = undefined;
  waiters = [];
  opened = open;
}
