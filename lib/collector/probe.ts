import { performance } from 'node:perf_hooks';
import pg from 'pg';
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
  private fresh = false;

  constructor(
    private readonly url: string,
    private readonly timeoutMs = DEFAULT_PROBE_TIMEOUT_MS,
    private readonly probe: typeof probeConnection = probeConnection,
  ) {}

  /** Starts a probe unless one is still running. */
  kick(): void {
    if (this.running) return;
    this.running = this.probe(this.url, this.timeoutMs).then(
      (outcome) => {
        this.latest = outcome;
        this.fresh = true;
      },
      () => {}, // probeConnection never rejects; belt and braces for injected probes
    );
    void this.running.finally(() => {
      this.running = null;
    });
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
   * error flicker off); a connect latency is reported once, by the sample that saw it complete.
   */
  report(): ProbeReport {
    const latest = this.latest;
    const fresh = this.fresh;
    this.fresh = false;
    if (!latest) return { connectLatencyMs: null, error: null, errorCode: null };
    if (latest.ok) return { connectLatencyMs: fresh ? latest.latencyMs : null, error: null, errorCode: null };
    return { connectLatencyMs: null, error: latest.error, errorCode: latest.errorCode };
  }

  /** Forgets the last outcome (after the persistent connection was lost, it says nothing current). */
  reset(): void {
    this.latest = null;
    this.fresh = false;
  }

  isRunning(): boolean {
    return this.running !== null;
  }

  async stop(): Promise<void> {
    await this.running;
  }
}
