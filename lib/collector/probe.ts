import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { SampleRecord } from '@/lib/samples/types';
import { classifyFailure, type Failure } from './failure';

export const PROBE_APPLICATION_NAME = 'lifeguard-probe';
export const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

export type ProbeOutcome = { ok: true; latencyMs: number } | ({ ok: false } & Failure);

/**
 * Opens a fresh connection, runs SELECT 1 and closes it: what a new application connection
 * would experience. This is how "too many clients" is observed rather than guessed — the
 * persistent connection already holds its slot and cannot see the refusal.
 * It connects as the target URL's role: with a superuser role it may use the
 * superuser_reserved_connections slots and see "too many clients" only once those are gone
 * too, which is why targets are best monitored through an ordinary role in pg_monitor.
 */
export async function probeConnection(url: string, timeoutMs = DEFAULT_PROBE_TIMEOUT_MS): Promise<ProbeOutcome> {
  const client = new pg.Client({
    connectionString: url,
    application_name: PROBE_APPLICATION_NAME,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    statement_timeout: timeoutMs,
  });
  // A socket error after connect would otherwise be an unhandled 'error' event and kill the process.
  client.on('error', () => {});
  const started = performance.now();
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true, latencyMs: performance.now() - started };
  } catch (err) {
    return { ok: false, ...classifyFailure(err) };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * How long a sample may wait, from its tick, for that tick's probe: a healthy or refusing server
 * answers a connect in milliseconds, and a sample that carries its own probe shows a refusal at
 * once. Every millisecond waited delays the figures on screen, so the wait is a fifth of the
 * interval (50 ms at 250 ms) and at most 200 ms (from 1 s up): a slower probe's result is carried
 * by the next sample instead. (It was 200 ms or three quarters of the interval: 187 ms of every
 * 250 ms tick could go to waiting. At 1 s a refusal seen by a probe slower than 100 ms still
 * shows with its own sample's figures, as tests/integration/pgbouncer-flood.test.ts expects.)
 */
export function probeSettleMs(intervalMs: number): number {
  return Math.min(200, intervalMs * 0.2);
}

/**
 * A calm target is probed every this many ticks; near its limit, refusing, or unread, every tick.
 * A probe is a whole new backend on the target (a fork, a login: ~4 ms of the server's CPU
 * measured here, more than the sample query), so probing every tick of a calm server is most of
 * what monitoring costs it — and most of what one server standing in for 300 targets in
 * `npm run bench` spends. Refusals happen near the limit, where every tick still probes.
 */
export const CALM_PROBE_TICKS = 5;
/** From this share of the usable slots on, every tick probes: a flood can go from here to refusal within one interval. */
export const NEAR_LIMIT_SHARE = 0.75;

/** The counts a sample read, as far as the probe's cadence needs them. */
export type ProbeCounts = Pick<SampleRecord, 'total' | 'maxConnections' | 'reservedConnections'>;

/** Whether slots are running out (or unknown: then assume so). */
export function nearLimit(counts: ProbeCounts | null): boolean {
  if (!counts || counts.total === null || counts.maxConnections === null) return true;
  const usable = counts.maxConnections - (counts.reservedConnections ?? 0);
  return counts.total >= NEAR_LIMIT_SHARE * usable;
}

/**
 * Whether this tick probes: always near the limit (by the latest counts), while the last probe
 * failed (to see the refusal end at once) or before any probe; else every `calmTicks` ticks.
 */
export function probeDue(state: { ticksSinceProbe: number; lastProbeFailed: boolean; counts: ProbeCounts | null }, calmTicks = CALM_PROBE_TICKS): boolean {
  return state.ticksSinceProbe >= calmTicks || state.lastProbeFailed || nearLimit(state.counts);
}

/** What the latest probe means for the sample being recorded. */
export interface ProbeReport {
  connectLatencyMs: number | null;
  error: string | null;
  errorCode: string | null;
}

/**
 * The probe of one target: at most one probe connection at a time, however slow the server
 * is to answer (a tick that finds one still running starts none).
 */
export class Prober {
  private running: Promise<void> | null = null;
  private latest: ProbeOutcome | null = null;
  private completedAt = 0;

  constructor(
    private readonly url: string,
    private readonly timeoutMs = DEFAULT_PROBE_TIMEOUT_MS,
    private readonly probe: typeof probeConnection = probeConnection,
  ) {}

  /** Starts a probe unless one is still running; whether it started one. */
  kick(): boolean {
    if (this.running) return false;
    this.running = this.probe(this.url, this.timeoutMs).then(
      (outcome) => {
        this.latest = outcome;
        this.completedAt = Date.now();
      },
      () => {}, // probeConnection never rejects; belt and braces for injected probes
    );
    void this.running.finally(() => {
      this.running = null;
    });
    return true;
  }

  /** Waits up to `ms` for the running probe, so a sample can carry this tick's result. */
  async settle(ms: number): Promise<void> {
    const running = this.running;
    if (!running || ms <= 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([running, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  /**
   * The refusal stays reported until a later probe succeeds (so a slow probe does not make the
   * error flicker off). A connect latency is the latest probe's, as a gauge reads its last
   * value, for `keepMs` after that probe completed: the samples between two probes of a calm
   * target carry it, so its chart is a line and not one point in five; an older one is null.
   */
  report(keepMs: number): ProbeReport {
    const latest = this.latest;
    if (!latest) return { connectLatencyMs: null, error: null, errorCode: null };
    if (latest.ok) return { connectLatencyMs: Date.now() - this.completedAt <= keepMs ? latest.latencyMs : null, error: null, errorCode: null };
    return { connectLatencyMs: null, error: latest.error, errorCode: latest.errorCode };
  }

  /** Whether the latest probe was refused or failed. */
  lastFailed(): boolean {
    return this.latest !== null && !this.latest.ok;
  }

  /** Forgets the last outcome (after the persistent connection was lost, it says nothing current). */
  reset(): void {
    this.latest = null;
  }

  isRunning(): boolean {
    return this.running !== null;
  }

  async stop(): Promise<void> {
    await this.running;
  }
}
