import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { SampleRecord } from '@/lib/samples/types';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { classifyFailure, isConnectionBroken, type Failure } from './failure';
import { DEFAULT_PROBE_TIMEOUT_MS, Prober, probeConnection, probeDue, probeSettleMs, type ProbeCounts, type ProbeReport } from './probe';
import { nextTickMs, tickPhaseMs } from './tick-phase';

export const COLLECTOR_APPLICATION_NAME = 'lifeguard';

const CONNECT_TIMEOUT_MS = 5_000;

/** The persistent connection is not open (yet, or any more); `reason` says why. */
export class ConnectionDown extends Error {
  constructor(readonly reason: string) {
    super(`the persistent connection is down: ${reason}`);
    this.name = 'ConnectionDown';
  }
}

/** What every sampler is told by the collector. */
export interface PersistentSamplerOptions {
  targetId: string;
  url: string;
  intervalMs: number;
  log?: (message: string) => void;
  probeTimeoutMs?: number;
  backoff?: BackoffOptions;
}

/** What one kind of target changes in the shared lifecycle. */
export interface SamplerKind {
  /** Starts every log line, before the target id ('target', 'pgbouncer target'). */
  logLabel: string;
  /** Logged with the reason when a query fails but leaves the connection usable. */
  queryFailedLabel: string;
  /** The trivial query whose round trip is the sample's probe latency. */
  pingSql: string;
  /** Timeouts of the persistent connection. */
  timeouts: Pick<pg.ClientConfig, 'statement_timeout' | 'query_timeout'>;
  /** Opens a fresh connection as a new client would (default: probeConnection). */
  probe?: typeof probeConnection;
  /** Probe every this many ticks while calm (lib/collector/probe.ts probeDue); 1: every tick. */
  calmProbeTicks: number;
}

/** The figures a sampler reads over its connection; the probe's figures are added to them. */
export type ReadFigures = Omit<SampleRecord, 'targetId' | 'at' | 'probeLatencyMs' | keyof ProbeReport>;

export function nullFigures(targetId: string, at: Date, failure: Failure): SampleRecord {
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
 * with its reason) and reconnects are spaced by exponential backoff. Ticks are spread over the
 * interval by target (lib/collector/tick-phase.ts). A tick also kicks a probe (a fresh
 * connection) when one is due — every tick near the limit or while refused, every few ticks
 * when calm (probeDue) — and the sample carries the latest outcome.
 *
 * A subclass says what one sample is: `read` over the connection, `deliver` to its listener
 * (`extra` is null with null figures), and `resetCounters` after a lost connection.
 */
export abstract class PersistentSampler<Extra> {
  private readonly prober: Prober;
  private client: pg.Client | null = null;
  /** A connection being opened, so stop() need not wait out its connect timeout. */
  private connecting: pg.Client | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  /** Where in each interval this target ticks (lib/collector/tick-phase.ts). */
  private readonly phaseMs: number;
  /** Until the second tick: the first one was off the grid, and the next must not follow it closely. */
  private offGrid = false;
  /** Ticks since a probe was started: when the next one is due. */
  private ticksSinceProbe = Number.POSITIVE_INFINITY;
  private attempt = 0;
  private nextConnectAtMs = 0;
  /** The reason the connection is down, for the error samples recorded meanwhile. */
  private lastFailure: Failure = { error: 'not connected yet', errorCode: null };
  /** A lost connection noticed between ticks: the next tick records it before reconnecting. */
  private unreportedLoss: Failure | null = null;

  protected constructor(
    protected readonly options: PersistentSamplerOptions,
    private readonly kind: SamplerKind,
  ) {
    this.phaseMs = tickPhaseMs(options.targetId, options.intervalMs);
    this.prober = new Prober(options.url, options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS, kind.probe);
  }

  /** Reads one sample's figures over the connection (after the ping); throwing fails the sample. */
  protected abstract read(client: pg.Client): Promise<{ figures: ReadFigures; extra: Extra }>;

  /** Hands a sample to the listener; `extra` is null for a sample with null figures. */
  protected abstract deliver(sample: SampleRecord, extra: Extra | null): void;

  /** Forgets cumulative counters: no rate is computed across a lost connection. */
  protected abstract resetCounters(): void;

  get targetId(): string {
    return this.options.targetId;
  }

  start(): void {
    // The first sample at once (a target just added or taken over shows at once), then on its grid.
    this.offGrid = true;
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

  /**
   * Runs `work` on the persistent connection — the one that still works while the server refuses
   * new ones (lib/remediation runs its statement here). node-postgres runs a client's queries one
   * at a time in the order given, so the work slips in between a sample's queries and never
   * overlaps them. Throws ConnectionDown, with the reason, while the connection is down.
   */
  async useConnection<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = this.client;
    if (!client || this.stopped) throw new ConnectionDown(this.lastFailure.error);
    return work(client);
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
    // Two samples closer than half an interval would make the rates between them noise.
    const after = this.offGrid ? now + intervalMs / 2 : now;
    this.offGrid = false;
    this.timer = setTimeout(() => this.tick(), nextTickMs(after, this.phaseMs, intervalMs) - now);
  }

  /** Starts this tick's probe when one is due by the counts just read (null: unread); see probeDue. */
  private kickProbeIfDue(counts: ProbeCounts | null): void {
    const due = probeDue({ ticksSinceProbe: this.ticksSinceProbe, lastProbeFailed: this.prober.lastFailed(), counts }, this.kind.calmProbeTicks);
    if (due && this.prober.kick()) this.ticksSinceProbe = 0;
  }

  private async sampleOnce(at: Date): Promise<void> {
    if (!this.client) {
      const loss = this.unreportedLoss;
      this.unreportedLoss = null;
      const connected = Date.now() >= this.nextConnectAtMs && (await this.connect());
      if (loss || !connected) {
        // One sample per tick: the loss itself first, then the reason reconnecting fails.
        this.emit(nullFigures(this.options.targetId, at, loss ?? this.lastFailure), null);
        return;
      }
    }
    const client = this.client;
    if (!client) return; // stopped meanwhile
    const started = performance.now();
    this.ticksSinceProbe++;
    try {
      // Probe latency is a trivial query on the persistent connection, kept apart from the
      // sample queries whose cost grows with the number of backends (or pools).
      const pingStart = performance.now();
      await client.query(this.kind.pingSql);
      const probeLatencyMs = performance.now() - pingStart;
      const { figures, extra } = await this.read(client);
      const readAt = Date.now();
      // After the read, not beside it: the counts never include Lifeguard's own probe (a calm
      // target's total would rise by one every fifth sample), and the cadence follows them at once.
      this.kickProbeIfDue(figures);
      // Give the probe a moment so this sample carries its result; a slower one's goes with the next.
      await this.prober.settle(probeSettleMs(this.options.intervalMs) - (performance.now() - started));
      const probe = this.prober.report((this.kind.calmProbeTicks + 1) * this.options.intervalMs);
      const stages = { read: readAt, recorded: Date.now() };
      this.emit({ targetId: this.options.targetId, at, ...figures, probeLatencyMs, ...probe, stages }, extra);
    } catch (err) {
      const failure = classifyFailure(err);
      if (isConnectionBroken(err)) this.dropClient(client, failure);
      else {
        this.log(`${this.kind.queryFailedLabel}: ${failure.error}`);
        // Unread (a struggling server times the query out): the probe says whether it still
        // accepts connections; its outcome goes with the next sample.
        this.kickProbeIfDue(null);
      }
      // An 'error' event may have got there first with the server's own reason (e.g. 57P01);
      // this sample reports the loss, so the next tick need not report it again.
      const reported = this.unreportedLoss ?? failure;
      this.unreportedLoss = null;
      this.emit(nullFigures(this.options.targetId, at, reported), null);
    }
  }

  /** Opens the persistent connection; on failure records why and when to try again. */
  private async connect(): Promise<boolean> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: COLLECTOR_APPLICATION_NAME,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      ...this.kind.timeouts,
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
    this.resetCounters();
    this.prober.reset();
    this.attempt = 0;
    this.nextConnectAtMs = Date.now() + backoffDelay(0, this.options.backoff ?? DEFAULT_BACKOFF);
    this.log(`connection lost: ${failure.error}`);
    client.end().catch(() => {});
  }

  private emit(sample: SampleRecord, extra: Extra | null): void {
    if (this.stopped) return;
    try {
      this.deliver(sample, extra);
    } catch (err) {
      this.log(`onSample failed: ${String(err)}`);
    }
  }

  protected log(message: string): void {
    const line = `${this.kind.logLabel} ${this.options.targetId}: ${message}`;
    if (this.options.log) this.options.log(line);
    else console.warn(`[collector] ${line}`);
  }
}
