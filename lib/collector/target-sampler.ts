import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { SampleRecord } from '@/lib/samples/types';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { classifyFailure, isConnectionBroken, type Failure } from './failure';
import { DEFAULT_PROBE_TIMEOUT_MS, Prober } from './probe';
import { computeRates, type XactCounters } from './rates';
import { countersFromRow, figuresFromRow, SAMPLE_SQL, type SampleRow } from './sample-query';

export const COLLECTOR_APPLICATION_NAME = 'lifeguard';

export interface TargetSamplerOptions {
  targetId: string;
  url: string;
  intervalMs: number;
  /** Called once per recorded sample; must not throw (errors are caught and logged anyway). */
  onSample: (sample: SampleRecord) => void;
  log?: (message: string) => void;
  probeTimeoutMs?: number;
  backoff?: BackoffOptions;
}

const MIN_STATEMENT_TIMEOUT_MS = 2_000;
const CONNECT_TIMEOUT_MS = 5_000;
const PROBE_SETTLE_MS = 200;

function nullFigures(targetId: string, at: Date, failure: Failure): SampleRecord {
  return {
    targetId,
    at,
    maxConnections: null,
    reservedConnections: null,
    total: null,
    states: null,
    waiting: null,
    oldestXactSeconds: null,
    probeLatencyMs: null,
    connectLatencyMs: null,
    commitsPerSec: null,
    rollbacksPerSec: null,
    deadlocksPerSec: null,
    applications: null,
    ...failure,
  };
}

/**
 * Samples one target over exactly one persistent connection, kept open so that the target is
 * still visible when it refuses new connections. Samples run on a fixed grid of `intervalMs`
 * and never overlap: a sample that overruns makes the sampler skip the ticks it missed.
 * While the connection is down every tick records a sample with null figures (a visible gap
 * with its reason) and reconnects are spaced by exponential backoff.
 */
export class TargetSampler {
  private readonly statementTimeoutMs: number;
  private readonly prober: Prober;
  private client: pg.Client | null = null;
  /** A connection being opened, so stop() need not wait out its connect timeout. */
  private connecting: pg.Client | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  private anchorMs = 0;
  private attempt = 0;
  private nextConnectAtMs = 0;
  /** The reason the connection is down, for the error samples recorded meanwhile. */
  private lastFailure: Failure = { error: 'not connected yet', errorCode: null };
  /** A lost connection noticed between ticks: the next tick records it before reconnecting. */
  private unreportedLoss: Failure | null = null;
  private previousCounters: XactCounters | null = null;

  constructor(private readonly options: TargetSamplerOptions) {
    // The query must give up before the next tick is long overdue, but not so eagerly that a
    // busy server (when the figures matter most) times every sample out.
    this.statementTimeoutMs = Math.max(options.intervalMs, MIN_STATEMENT_TIMEOUT_MS);
    this.prober = new Prober(options.url, options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
  }

  get targetId(): string {
    return this.options.targetId;
  }

  start(): void {
    this.anchorMs = Date.now();
    this.tick();
  }

  /** Ends the connection, clears the timer and waits for the sample and probe in flight. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    // Ending the client first makes a slow in-flight query fail now rather than at its timeout.
    const client = this.client;
    this.client = null;
    const ended = client?.end().catch(() => {});
    this.connecting?.end().catch(() => {});
    await this.inFlight;
    await Promise.all([ended, this.prober.stop()]);
  }

  private tick(): void {
    if (this.stopped) return;
    this.inFlight = this.sampleOnce(new Date())
      .catch((err: unknown) => this.log(`sampling failed unexpectedly: ${String(err)}`))
      .finally(() => {
        this.inFlight = null;
        this.scheduleNext();
      });
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const { intervalMs } = this.options;
    const now = Date.now();
    // The next grid point strictly in the future: missed ticks are skipped, never queued.
    const next = this.anchorMs + (Math.floor((now - this.anchorMs) / intervalMs) + 1) * intervalMs;
    this.timer = setTimeout(() => this.tick(), next - now);
  }

  private async sampleOnce(at: Date): Promise<void> {
    if (!this.client) {
      const loss = this.unreportedLoss;
      this.unreportedLoss = null;
      const connected = Date.now() >= this.nextConnectAtMs && (await this.connect());
      if (loss || !connected) {
        // One sample per tick: the loss itself first, then the reason reconnecting fails.
        this.emit(nullFigures(this.options.targetId, at, loss ?? this.lastFailure));
        return;
      }
    }
    const client = this.client;
    if (!client) return; // stopped meanwhile
    const started = performance.now();
    this.prober.kick();
    try {
      // Probe latency is a trivial query on the persistent connection, kept apart from the
      // sample query whose cost grows with the number of backends.
      const pingStart = performance.now();
      await client.query('SELECT 1');
      const probeLatencyMs = performance.now() - pingStart;
      const result = await client.query<SampleRow>(SAMPLE_SQL);
      const row = result.rows[0];
      if (!row) throw new Error('sample query returned no row');
      const counters = countersFromRow(row, Date.now());
      const rates = computeRates(this.previousCounters, counters);
      this.previousCounters = counters;
      // Give the probe a moment so this sample carries its result: a healthy or refusing server
      // answers a connect in milliseconds. Not longer, as every millisecond here delays the figures
      // on screen; a slower probe's result is carried by the next sample.
      const settleMs = Math.min(PROBE_SETTLE_MS, this.options.intervalMs * 0.75);
      await this.prober.settle(settleMs - (performance.now() - started));
      const probe = this.prober.report();
      this.emit({ targetId: this.options.targetId, at, ...figuresFromRow(row), probeLatencyMs, ...rates, ...probe });
    } catch (err) {
      const failure = classifyFailure(err);
      if (isConnectionBroken(err)) this.dropClient(client, failure);
      else this.log(`sample query failed: ${failure.error}`);
      // An 'error' event may have got there first with the server's own reason (e.g. 57P01);
      // this sample reports the loss, so the next tick need not report it again.
      const reported = this.unreportedLoss ?? failure;
      this.unreportedLoss = null;
      this.emit(nullFigures(this.options.targetId, at, reported));
    }
  }

  /** Opens the persistent connection; on failure records why and when to try again. */
  private async connect(): Promise<boolean> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: COLLECTOR_APPLICATION_NAME,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      statement_timeout: this.statementTimeoutMs,
      // Client-side limit a little past the server's: only a dead socket or a hung server
      // reaches it, and then the connection is replaced.
      query_timeout: this.statementTimeoutMs + 1_000,
      keepAlive: true,
    });
    // Without a listener an 'error' event (server shutdown, reset socket) crashes the process.
    client.on('error', (err: unknown) => this.dropClient(client, classifyFailure(err)));
    client.on('end', () => this.dropClient(client, { error: 'connection lost: closed by the server', errorCode: 'ECONNRESET' }));
    this.connecting = client;
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => {});
      if (this.stopped) return false;
      this.lastFailure = classifyFailure(err);
      this.nextConnectAtMs = Date.now() + backoffDelay(this.attempt++, this.options.backoff ?? DEFAULT_BACKOFF);
      return false;
    } finally {
      this.connecting = null;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return false;
    }
    if (this.attempt > 0) this.log(`reconnected after ${this.attempt} failed attempt(s)`);
    this.attempt = 0;
    this.client = client;
    return true;
  }

  /** Forgets a connection that can no longer be used; the next tick reports it and reconnects. */
  private dropClient(client: pg.Client, failure: Failure): void {
    if (this.client !== client) return; // already replaced, or never adopted
    this.client = null;
    this.lastFailure = failure;
    this.unreportedLoss = failure;
    this.previousCounters = null;
    this.prober.reset();
    this.attempt = 0;
    this.nextConnectAtMs = Date.now() + backoffDelay(0, this.options.backoff ?? DEFAULT_BACKOFF);
    this.log(`connection lost: ${failure.error}`);
    client.end().catch(() => {});
  }

  private emit(sample: SampleRecord): void {
    if (this.stopped) return;
    try {
      this.options.onSample(sample);
    } catch (err) {
      this.log(`onSample failed: ${String(err)}`);
    }
  }

  private log(message: string): void {
    const line = `target ${this.options.targetId}: ${message}`;
    if (this.options.log) this.options.log(line);
    else console.warn(`[collector] ${line}`);
  }
}
