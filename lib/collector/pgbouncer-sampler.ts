import type pg from 'pg';
import type { PoolerConfigReading, PoolerRow } from '@/lib/pooler/types';
import type { SampleRecord } from '@/lib/samples/types';
import {
  ADMIN_DATABASE,
  countersFromRow,
  databaseRates,
  databasesFromRows,
  holdersFromClients,
  maxClientConnFromConfig,
  poolFromRow,
  summarisePools,
  type ConsoleRow,
  type DatabaseCounters,
} from './pgbouncer-rows';
import type { BackendAddress } from '@/lib/pooler/backend-address';
import { chooseProbeDatabase, pooledDatabaseUrl, probeConsole, probePooledDatabase } from './pgbouncer-probe';
import { PersistentSampler, type PersistentSamplerOptions, type ReadFigures } from './persistent-sampler';

/** What one PgBouncer sample carries beside the target's regular sample. */
export interface PoolerReading {
  pools: PoolerRow[];
  config: PoolerConfigReading;
}

export interface PgBouncerSamplerOptions extends PersistentSamplerOptions {
  /** The admin console: postgres://monitor:…@host:port/pgbouncer, a user in admin_users or stats_users. */
  url: string;
  /** The pooled database the probe connects to; null: chosen from SHOW DATABASES (chooseProbeDatabase). */
  probeDatabase?: string | null;
  /** The database behind the pooler (its target's URL), to choose the probe's database by. */
  backend?: BackendAddress | null;
  /** One call per tick: the target's sample, and what was read of the pooler (null when the console was not read). */
  onSample: (sample: SampleRecord, reading: PoolerReading | null) => void;
}

const MIN_QUERY_TIMEOUT_MS = 2_000;

/**
 * Samples one PgBouncer through its admin console over one persistent connection, with the same
 * lifecycle (grid, reconnect backoff, probe, null-figure samples) as TargetSampler. The console
 * speaks only the simple query protocol: every statement is a plain string without parameters.
 */
export class PgBouncerSampler extends PersistentSampler<PoolerReading> {
  private previous = new Map<string, DatabaseCounters>();
  /** Where the probe connects: a pooled database once one is known, the console until then. */
  private readonly probeTarget: { url: string | null };

  constructor(private readonly poolerOptions: PgBouncerSamplerOptions) {
    const configured = poolerOptions.probeDatabase ?? null;
    const probeTarget = { url: configured ? pooledDatabaseUrl(poolerOptions.url, configured) : null };
    super(poolerOptions, {
      logLabel: 'pgbouncer target',
      queryFailedLabel: 'console query failed',
      pingSql: 'SHOW VERSION',
      // Client-side only: PgBouncer refuses a statement_timeout startup parameter.
      timeouts: { query_timeout: Math.max(poolerOptions.intervalMs, MIN_QUERY_TIMEOUT_MS) },
      // As an ordinary client of a pooled database, so the probe meets what applications meet
      // (the console is exempt from max_client_conn and would never see that refusal).
      probe: (consoleUrl, timeoutMs) => (probeTarget.url ? probePooledDatabase(probeTarget.url, timeoutMs) : probeConsole(consoleUrl, timeoutMs)),
      // Every tick: a pool makes clients wait long before the pooler's own limit is near, and a
      // connection to PgBouncer costs no new backend anyway.
      calmProbeTicks: 1,
    });
    this.probeTarget = probeTarget;
  }

  protected async read(client: pg.Client): Promise<{ figures: ReadFigures; extra: PoolerReading }> {
    const pools = (await client.query<ConsoleRow>('SHOW POOLS')).rows.map(poolFromRow);
    const stats = (await client.query<ConsoleRow>('SHOW STATS')).rows;
    // Limits can change on RELOAD; SHOW CONFIG and SHOW DATABASES are a few dozen rows, cheap per tick.
    const maxClientConn = maxClientConnFromConfig((await client.query<ConsoleRow>('SHOW CONFIG')).rows);
    const databases = databasesFromRows((await client.query<ConsoleRow>('SHOW DATABASES')).rows);
    // One row per client: the price of knowing who holds the pooler, as pg_stat_activity is for PostgreSQL.
    const holders = holdersFromClients((await client.query<ConsoleRow>('SHOW CLIENTS')).rows);
    this.aimProbe(databases);
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
      applications: holders,
    };
    return { figures, extra: { pools: rows, config: { maxClientConn, databases } } };
  }

  protected deliver(sample: SampleRecord, reading: PoolerReading | null): void {
    this.poolerOptions.onSample(sample, reading);
  }

  /** The next probes go to the chosen pooled database (a RELOAD may have changed the entries). */
  private aimProbe(databases: PoolerReading['config']['databases']): void {
    const database = chooseProbeDatabase(databases, this.poolerOptions.probeDatabase ?? null, this.poolerOptions.backend ?? null);
    this.probeTarget.url = database === null ? null : pooledDatabaseUrl(this.poolerOptions.url, database);
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
