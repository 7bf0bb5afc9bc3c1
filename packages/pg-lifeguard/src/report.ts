import type { Pool } from 'pg';
import { limitPool, type GuardOptions, type GuardState, type PoolLimit } from './guard.ts';
import { isRefusal, LatencyWindow } from './latency-window.ts';
import { fetchAllowance } from './lifeguard-api.ts';
import { createSender, safely } from './sender.ts';
import type { PoolReportPayload } from './types.ts';

/**
 * Reports a `pg.Pool`'s figures to Lifeguard's POST /api/ingest every few seconds and, guarded,
 * keeps the pool to the allowance Lifeguard gives this instance (see guard.ts). Framework-free
 * (Node ≥ 20: global fetch, AbortSignal.timeout) and depending on nothing but `pg`'s types.
 *
 *   const reporter = reportPool(pool, { url: 'http://lifeguard:3000', application: 'web', instance: hostname() });
 *   const guarded = guardPool(pool, { url, application: 'web', instance: hostname(), target: 'production' });
 *   …
 *   reporter.stop();
 *
 * Promises made to the application: it never throws into it (failures go to `onError`, silent
 * by default), never blocks or delays a query (measuring is a timestamp and a counter; sending is
 * fire-and-forget on an unref'd timer, so it never keeps the process alive either).
 */
export interface ReportPoolOptions {
  /** Lifeguard's base URL. */
  url: string;
  /** LIFEGUARD_INGEST_TOKEN (or another token Lifeguard accepts for ingest), when Lifeguard has one. */
  token?: string;
  application: string;
  instance: string;
  /** The Lifeguard target name of the database this pool connects to (required for a guard). */
  target?: string;
  /** Report window. Default 5000; at least 250. */
  intervalMs?: number;
  /** Each request gives up after this long. Default: the smaller of 2000 and intervalMs. */
  timeoutMs?: number;
  /** Reports kept while Lifeguard is unreachable; the oldest are dropped beyond it. Default 120 (10 min at 5 s). */
  maxQueued?: number;
  /** Told of failed sends and refusals, for the application's own logging. */
  onError?: (error: unknown) => void;
  /** Keep the pool to Lifeguard's allowance (true for the defaults). Needs `target`. */
  guard?: boolean | GuardOptions;
}

export interface GuardPoolOptions extends Omit<ReportPoolOptions, 'guard'>, GuardOptions {
  target: string;
}

export interface PoolReporter {
  /** Stops reporting, unwraps the pool's query() and gives a guarded pool its configured max back; queued reports are not sent. Idempotent. */
  stop(): void;
  /** The guard's hold on the pool; null when the pool is not guarded. */
  guard(): GuardState | null;
}

/** reportPool with the guard on: the pool keeps to its allowance, callers beyond it wait in the pool. */
export function guardPool(pool: Pool, options: GuardPoolOptions): PoolReporter {
  const { floor, graceMs, ...report } = options;
  return reportPool(pool, { ...report, guard: { floor, graceMs } });
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Measures `pool.query()` — from the call to the answer, waiting for a free connection included,
 * since that wait is what an exhausted pool does to requests. Queries on clients checked out
 * with `pool.connect()` are not timed (the pool figures still count their connections).
 */
export function reportPool(pool: Pool, options: ReportPoolOptions): PoolReporter {
  const intervalMs = Math.max(250, options.intervalMs ?? 5000);
  const onError = options.onError ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? Math.min(2000, intervalMs);
  const window = new LatencyWindow();
  const sender = createSender({
    url: options.url,
    token: options.token,
    timeoutMs,
    maxQueued: options.maxQueued ?? 120,
    onError,
  });
  let stopped = false;
  const limit = startGuard(pool, options, onError);

  const observe = (began: number, error: unknown): void => {
    try {
      window.record(performance.now() - began, error !== null && error !== undefined, isRefusal(error));
    } catch (failure) {
      safely(onError, failure);
    }
  };

  const target = pool as unknown as { query: AnyFunction };
  const original = target.query;
  const measured: AnyFunction = function (this: unknown, ...args: unknown[]): unknown {
    if (stopped) return original.apply(this, args);
    const began = performance.now();
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = function (this: unknown, error: unknown, ...rest: unknown[]): unknown {
        observe(began, error);
        return (callback as AnyFunction).call(this, error, ...rest);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (!(result instanceof Promise)) return result;
    // A new promise, not a handler on the pool's: an application that ignores a failed query
    // must still see its unhandled rejection, exactly as without us.
    return result.then(
      (value: unknown) => {
        observe(began, null);
        return value;
      },
      (error: unknown) => {
        observe(began, error);
        throw error;
      },
    );
  };
  target.query = measured;

  let asking = false;
  /** The allowance is asked after the report, so that Lifeguard counts this instance among the live ones. */
  const ask = async (): Promise<void> => {
    if (!limit || asking || options.target === undefined) return;
    asking = true;
    try {
      const query = { application: options.application, instance: options.instance, target: options.target, poolMax: limit.state().configuredMax };
      const answer = await fetchAllowance({ url: options.url, token: options.token, timeoutMs }, query);
      if (!stopped) limit.answered(answer.maxPerInstance, Date.now());
    } catch (error) {
      if (!stopped) limit.unanswered(Date.now());
      safely(onError, error);
    } finally {
      asking = false;
    }
  };

  const tick = (): void => {
    try {
      sender.enqueue(takeReport(pool, options, window, limit));
      void sender.flush().then(ask);
    } catch (error) {
      safely(onError, error);
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  // A guarded pool asks at once: the allowance should be in force before the first surge, not a report window later.
  void ask();

  return {
    stop: () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      limit?.release();
      // Someone may have wrapped query() after us; then `measured` stays, passing straight through.
      if (target.query === measured) target.query = original;
    },
    guard: () => limit?.state() ?? null,
  };
}

function startGuard(pool: Pool, options: ReportPoolOptions, onError: (error: unknown) => void): PoolLimit | undefined {
  if (!options.guard) return undefined;
  if (options.target === undefined) {
    // The allowance is a share of one target's connections: without the target there is none to keep to.
    safely(onError, new TypeError('pg-lifeguard: a guarded pool needs `target` (the Lifeguard target name); reporting without the guard'));
    return undefined;
  }
  return limitPool(pool, options.guard === true ? {} : options.guard);
}

function takeReport(pool: Pool, options: ReportPoolOptions, window: LatencyWindow, limit: PoolLimit | undefined): PoolReportPayload {
  const total = pool.totalCount;
  const guard = limit?.state();
  // The configured max, not the one a guard lowered: Lifeguard shares by what the application asked for.
  const configuredMax = guard?.configuredMax ?? pool.options.max ?? 10;
  return {
    application: options.application,
    instance: options.instance,
    ...(options.target === undefined ? {} : { target: options.target }),
    at: new Date().toISOString(),
    poolMax: Math.max(configuredMax, total),
    total,
    idle: Math.min(pool.idleCount, total),
    waiting: pool.waitingCount,
    ...window.take(),
    ...(guard ? { guarded: true, allowance: guard.allowance === null ? null : guard.max } : {}),
  };
}
