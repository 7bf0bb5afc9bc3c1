import { sleep, waitFor } from '@/scripts/support/processes';

/**
 * Waiting in a test, built on the one `waitFor` of scripts/support/processes.ts. A test's check
 * that throws ends the wait with its error (a failing query is a failure, not "not yet"), and a
 * timeout says what the test's processes logged, so a red run explains itself.
 */
export interface TestWaitDefaults {
  /** How long a wait lasts when the call does not say. */
  timeoutMs: number;
  everyMs: number;
  /** What to print under "timed out …": the log of the collector, PgBouncer, Prometheus… */
  explain?: () => string;
}

export type TestWait = <T>(what: string, check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs?: number) => Promise<T>;

/** A file's `waitFor`, with that file's default timeout, polling pace and log. */
export function testWait({ timeoutMs: defaultTimeoutMs, everyMs, explain }: TestWaitDefaults): TestWait {
  return (what, check, timeoutMs = defaultTimeoutMs) => waitFor(what, check, timeoutMs, { everyMs, explain, onError: 'throw' });
}

/** "log:\n<lines>": the usual explanation, the last `tail` lines of a test's log (all of them when absent). */
export function logTail(logs: readonly string[], tail?: number): () => string {
  return () => `log:\n${(tail === undefined ? logs : logs.slice(-tail)).join('\n')}`;
}

/**
 * Polls `condition` until it holds or `ms` have passed, and returns its last answer: for a test
 * that asserts on the outcome itself (`expect(await settles(…)).toBe(true)`) or goes on either way.
 */
export async function settles(condition: () => boolean | Promise<boolean>, ms: number, everyMs: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (await condition()) return true;
    await sleep(everyMs);
  }
  return condition();
}
