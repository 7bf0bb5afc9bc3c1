import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { PoolerRow } from '@/lib/pooler/types';
import type { SampleRecord } from '@/lib/samples/types';
import { classifyFailure } from './failure';
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
import { PersistentSampler, type PersistentSamplerOptions, type ReadFigures } from './persistent-sampler';
import { DEFAULT_PROBE_TIMEOUT_MS, PROBE_APPLICATION_NAME, type ProbeOutcome } from './probe';

export interface PgBouncerSamplerOptions extends PersistentSamplerOptions {
  /** The admin console: postgres://monitor:…@host:port/pgbouncer, a user in admin_users or stats_users. */
  url: string;
  /** One call per tick: the target's sample and its pools (none when the console was not read). */
  onSample: (sample: SampleRecord, pools: PoolerRow[]) => void;
}

const MIN_QUERY_TIMEOUT_MS = 2_000;

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

/**
 * Samples one PgBouncer through its admin console over one persistent connection, with the same
 * lifecycle (grid, reconnect backoff, probe, null-figure samples) as TargetSampler. The console
 * speaks only the simple query protocol: every statement is a plain string without parameters.
 */
export class PgBouncerSampler extends PersistentSampler<PoolerRow[]> {
  private previous = new Map<string, DatabaseCounters>();

  constructor(private readonly poolerOptions: PgBouncerSamplerOptions) {
    super(poolerOptions, {
      logLabel: 'pgbouncer target',
      queryFailedLabel: 'console query failed',
      pingSql: 'SHOW VERSION',
      // Client-side only: PgBouncer refuses a statement_timeout startup parameter.
      timeouts: { query_timeout: Math.max(poolerOptions.intervalMs, MIN_QUERY_TIMEOUT_MS) },
      probe: probeConsole,
    });
  }

  protected async read(client: pg.Client): Promise<{ figures: ReadFigures; extra: PoolerRow[] }> {
    const pools = (await client.query<ConsoleRow>('SHOW POOLS')).rows.map(poolFromRow);
    const stats = (await client.query<ConsoleRow>('SHOW STATS')).rows;
    // max_client_conn can change on RELOAD; SHOW CONFIG is a few dozen rows, cheap enough per tick.
    const maxClientConn = maxClientConnFromConfig((await client.query<ConsoleRow>('SHOW CONFIG')).rows);
    const rates = this.rates(stats, Date.now());
    const rows: PoolerRow[] = pools
      .filter((pool) => pool.database !== ADMIN_DATABASE)
      .map((pool) => ({ ...pool, ...(rates.get(pool.database) ?? { avgQueryMs: null, avgWaitMs: null, queriesPerSec: null }) }));
    const figures: ReadFigures = {
      ...summarisePools(pools, maxClientConn),
      oldestXactSeconds: null,
      commitsPerSec: null,
      rollbacksPerSec: null,
      deadlocksPerSec: null,
      // Who holds the clients would take SHOW CLIENTS; the pools below say where they wait.
      applications: [],
    };
    return { figures, extra: rows };
  }

  protected deliver(sample: SampleRecord, pools: PoolerRow[] | null): void {
    this.poolerOptions.onSample(sample, pools ?? []);
  }

  /** Counters of a restarted PgBouncer start again from 0: no rate across the gap. */
  protected resetCounters(): void {
    this.previous.clear();
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
}
