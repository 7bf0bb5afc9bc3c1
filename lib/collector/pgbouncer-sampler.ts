import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { PoolerRow } from '@/lib/pooler/types';
import type { SampleRecord } from '@/lib/samples/types';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { classifyFailure, isConnectionBroken, type Failure } from './failure';
import {
  ADMIN_DATABASE,
  countersFromRow,
  databaseRates,
  maxClientConnFromConfig,
  poolFromRow,
  summarisePools,
  type ConsoleRow,
  type DatabaseCounters,
} from './pgbouncer-rows';
import { DEFAULT_PROBE_TIMEOUT_MS, Prober, PROBE_APPLICATION_NAME, type ProbeOutcome } from './probe';
import { COLLECTOR_APPLICATION_NAME } from './target-sampler';

export interface PgBouncerSamplerOptions {
  targetId: string;
  /** The admin console: postgres://monitor:…@host:port/pgbouncer, a user in admin_users or stats_users. */
  url: string;
  intervalMs: number;
  /** One call per tick: the target's sample and its pools (none when the console was not read). */
  onSample: (sample: SampleRecord, pools: PoolerRow[]) => void;
  log?: (message: string) => void;
  probeTimeoutMs?: number;
  backoff?: BackoffOptions;
}

const CONNECT_TIMEOUT_MS = 5_000;
const MIN_QUERY_TIMEOUT_MS = 2_000;
const PROBE_SETTLE_MS = 200;

/**
 * A fresh console connection and SHOW VERSION: what a new client of this PgBouncer experiences
 * (refused past max_client_conn). The console takes no statement_timeout startup parameter and
 * no SELECT, so the PostgreSQL probe cannot be used as it is.
 */
export async function probeConsole(url: string, timeoutMs = DEFAULT_PROBE_TIMEOUT_MS): Promise<ProbeOutcome> {
  const client = new pg.Client({ connectionString: url, application_name: PROBE_APPLICATION_NAME, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => {});
  const started = performance.now();
  try {
    await client.connect();
    await client.query('SHOW VERSION');
    return { ok: true, latencyMs: performance.now() - started };
  } catch (err) {
    return { ok: false, ...classifyFailure(err) };
  } finally {
    await client.end().catch(() => {});
  }
}

function errorSample(targetId: string, at: Date, failure: Failure): SampleRecord {
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
 * Samples one PgBouncer through its admin console over one persistent connection, on the same
 * fixed grid and with the same reconnect backoff and probe as TargetSampler. The console speaks
 * only the simple query protocol: every statement is a plain string without parameters.
 */
export class PgBouncerSampler {
  private readonly prober: Prober;
  private readonly queryTimeoutMs: number;
  private client: pg.Client | null = null;
  private connecting: pg.Client | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  private anchorMs = 0;
  private attempt = 0;
  private nextConnectAtMs = 0;
  private lastFailure: Failure = { error: 'not connected yet', errorCode: null };
  private unreportedLoss: Failure | null = null;
  private previous = new Map<string, DatabaseCounters>();

  constructor(private readonly options: PgBouncerSamplerOptions) {
    const timeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
    this.prober = new Prober(options.url, timeoutMs, probeConsole);
    this.queryTimeoutMs = Math.max(options.intervalMs, MIN_QUERY_TIMEOUT_MS);
  }

  get targetId(): string {
    return this.options.targetId;
  }

  start(): void {
    this.anchorMs = Date.now();
    this.tick();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
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
        if (this.stopped) return;
        const now = Date.now();
        const { intervalMs } = this.options;
        // The next grid point strictly in the future: missed ticks are skipped, never queued.
        const next = this.anchorMs + (Math.floor((now - this.anchorMs) / intervalMs) + 1) * intervalMs;
        this.timer = setTimeout(() => this.tick(), next - now);
      });
  }

  private async sampleOnce(at: Date): Promise<void> {
    if (!this.client) {
      const loss = this.unreportedLoss;
      this.unreportedLoss = null;
      const connected = Date.now() >= this.nextConnectAtMs && (await this.connect());
      if (loss || !connected) {
        this.emit(errorSample(this.options.targetId, at, loss ?? this.lastFailure), []);
        return;
      }
    }
    const client = this.client;
    if (!client) return;
    const started = performance.now();
    this.prober.kick();
    try {
      const pingStart = performance.now();
      await client.query('SHOW VERSION');
      const probeLatencyMs = performance.now() - pingStart;
      const pools = (await client.query<ConsoleRow>('SHOW POOLS')).rows.map(poolFromRow);
      const stats = (await client.query<ConsoleRow>('SHOW STATS')).rows;
      // max_client_conn can change on RELOAD; SHOW CONFIG is a few dozen rows, cheap enough per tick.
      const maxClientConn = maxClientConnFromConfig((await client.query<ConsoleRow>('SHOW CONFIG')).rows);
      const rates = this.rates(stats, Date.now());
      const settleMs = Math.min(PROBE_SETTLE_MS, this.options.intervalMs * 0.75);
      await this.prober.settle(settleMs - (performance.now() - started));
      const summary = summarisePools(pools, maxClientConn);
      const rows: PoolerRow[] = pools
        .filter((pool) => pool.database !== ADMIN_DATABASE)
        .map((pool) => ({ ...pool, ...(rates.get(pool.database) ?? { avgQueryMs: null, avgWaitMs: null, queriesPerSec: null }) }));
      const sample: SampleRecord = {
        targetId: this.options.targetId,
        at,
        ...summary,
        oldestXactSeconds: null,
        probeLatencyMs,
        commitsPerSec: null,
        rollbacksPerSec: null,
        deadlocksPerSec: null,
        // Who holds the clients would take SHOW CLIENTS; the pools below say where they wait.
        applications: [],
        ...this.prober.report(),
      };
      this.emit(sample, rows);
    } catch (err) {
      const failure = classifyFailure(err);
      if (isConnectionBroken(err)) this.dropClient(client, failure);
      else this.log(`console query failed: ${failure.error}`);
      const reported = this.unreportedLoss ?? failure;
      this.unreportedLoss = null;
      this.emit(errorSample(this.options.targetId, at, reported), []);
    }
  }

  /** Per-database figures since the previous tick (SHOW STATS is per database, not per user). */
  private rates(stats: readonly ConsoleRow[], atMs: number) {
    const out = new Map<string, ReturnType<typeof databaseRates>>();
    const next = new Map<string, DatabaseCounters>();
    for (const row of stats) {
      const counters = countersFromRow(row, atMs);
      out.set(counters.database, databaseRates(this.previous.get(counters.database), counters));
      next.set(counters.database, counters);
    }
    this.previous = next;
    return out;
  }

  private async connect(): Promise<boolean> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: COLLECTOR_APPLICATION_NAME,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // Client-side only: PgBouncer refuses a statement_timeout startup parameter.
      query_timeout: this.queryTimeoutMs,
      keepAlive: true,
    });
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

  private dropClient(client: pg.Client, failure: Failure): void {
    if (this.client !== client) return;
    this.client = null;
    this.lastFailure = failure;
    this.unreportedLoss = failure;
    // Counters of a restarted PgBouncer start again from 0: no rate across the gap.
    this.previous.clear();
    this.prober.reset();
    this.attempt = 0;
    this.nextConnectAtMs = Date.now() + backoffDelay(0, this.options.backoff ?? DEFAULT_BACKOFF);
    this.log(`connection lost: ${failure.error}`);
    client.end().catch(() => {});
  }

  private emit(sample: SampleRecord, pools: PoolerRow[]): void {
    if (this.stopped) return;
    try {
      this.options.onSample(sample, pools);
    } catch (err) {
      this.log(`onSample failed: ${String(err)}`);
    }
  }

  private log(message: string): void {
    const line = `pgbouncer target ${this.options.targetId}: ${message}`;
    if (this.options.log) this.options.log(line);
    else console.warn(`[collector] ${line}`);
  }
}
