import type { Pool } from 'pg';
import { isRefusal, LatencyWindow } from './latency-window';
import { createSender, safely } from './sender';
import type { PoolReportPayload } from './types';

export type { IngestBody, IngestResult, PoolReportPayload } from './types';

/**
 * Lifeguard's client for node-postgres: reports a `pg.Pool`'s figures to POST /api/ingest every
 * few seconds. Framework-free (Node ≥ 20: global fetch, AbortSignal.timeout) and depending on
 * nothing but `pg`'s types, so any Node application can copy or import it.
 *
 *   const reporter = reportPool(pool, { url: 'http://lifeguard:3000', application: 'web', instance: hostname() });
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
  /** LIFEGUARD_INGEST_TOKEN (or the admin token), when Lifeguard has one. */
  token?: string;
  application: string;
  instance: string;
  /** The Lifeguard target name of the database this pool connects to. */
  target?: string;
  /** Report window. Default 5000; at least 250. */
  intervalMs?: number;
  /** Each POST gives up after this long. Default: the smaller of 2000 and intervalMs. */
  timeoutMs?: number;
  /** Reports kept while Lifeguard is unreachable; the oldest are dropped beyond it. Default 120 (10 min at 5 s). */
  maxQueued?: number;
  /** Told of failed sends and refusals, for the application's own logging. */
  onError?: (error: unknown) => void;
}

export interface PoolReporter {
  /** Stops reporting and unwraps the pool's query(); queued reports are not sent. Idempotent. */
  stop(): void;
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
  const window = new LatencyWindow();
  const sender = createSender({
    url: options.url,
    token: options.token,
    timeoutMs: options.timeoutMs ?? Math.min(2000, intervalMs),
    maxQueued: options.maxQueued ?? 120,
    onError,
  });
  let stopped = false;

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

  const tick = (): void => {
    try {
      sender.enqueue(takeReport(pool, options, window));
      void sender.flush();
    } catch (error) {
      safely(onError, error);
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();

  return {
    stop: () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      // Someone may have wrapped query() after us; then `measured` stays, passing straight through.
      if (target.query === measured) target.query = original;
    },
  };
}

function takeReport(pool: Pool, options: ReportPoolOptions, window: LatencyWindow): PoolReportPayload {
  const total = pool.totalCount;
  return {
    application: options.application,
    instance: options.instance,
    ...(options.target === undefined ? {} : { target: options.target }),
    at: new Date().toISOString(),
    // pg.Pool's default max is 10.
    poolMax: Math.max(pool.options.max ?? 10, total),
    total,
    idle: Math.min(pool.idleCount, total),
    waiting: pool.waitingCount,
    ...window.take(),
  };
}
