import type pg from 'pg';
import type { SampleRecord } from '@/lib/samples/types';
import { PersistentSampler, type PersistentSamplerOptions, type ReadFigures } from './persistent-sampler';
import { CALM_PROBE_TICKS } from './probe';
import { computeRates, type XactCounters } from './rates';
import { countersFromRow, figuresFromRow, SAMPLE_SQL, type SampleRow } from './sample-query';

export { COLLECTOR_APPLICATION_NAME } from './persistent-sampler';

export interface TargetSamplerOptions extends PersistentSamplerOptions {
  /** Called once per recorded sample; must not throw (errors are caught and logged anyway). */
  onSample: (sample: SampleRecord) => void;
}

const MIN_STATEMENT_TIMEOUT_MS = 2_000;
const SAMPLE_STATEMENT_NAME = 'lifeguard_sample';

function sessionTimeouts(intervalMs: number): { statement_timeout: number; query_timeout: number } {
  // The query must give up before the next tick is long overdue, but not so eagerly that a
  // busy server (when the figures matter most) times every sample out.
  const statementTimeoutMs = Math.max(intervalMs, MIN_STATEMENT_TIMEOUT_MS);
  // Client-side limit a little past the server's: only a dead socket or a hung server
  // reaches it, and then the connection is replaced.
  return { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + 1_000 };
}

/**
 * Samples one PostgreSQL target (pg_stat_activity, pg_stat_database) over one persistent
 * connection; the lifecycle (grid, reconnects, probe, null-figure samples) is PersistentSampler's.
 */
export class TargetSampler extends PersistentSampler<undefined> {
  private previousCounters: XactCounters | null = null;

  constructor(private readonly targetOptions: TargetSamplerOptions) {
    super(targetOptions, {
      logLabel: 'target',
      queryFailedLabel: 'sample query failed',
      pingSql: 'SELECT 1',
      timeouts: sessionTimeouts(targetOptions.intervalMs),
      calmProbeTicks: CALM_PROBE_TICKS,
    });
  }

  protected async read(client: pg.Client): Promise<{ figures: ReadFigures; extra: undefined }> {
    // Prepared once per connection: the target parses and plans this long query once, not at
    // every tick (planning was about a fifth of its cost at 600 connections). A sampler's
    // connection is a session of its own, never shared through a transaction pooler.
    const result = await client.query<SampleRow>({ name: SAMPLE_STATEMENT_NAME, text: SAMPLE_SQL });
    const row = result.rows[0];
    if (!row) throw new Error('sample query returned no row');
    const counters = countersFromRow(row, Date.now());
    const rates = computeRates(this.previousCounters, counters);
    this.previousCounters = counters;
    return { figures: { ...figuresFromRow(row), ...rates }, extra: undefined };
  }

  protected deliver(sample: SampleRecord): void {
    this.targetOptions.onSample(sample);
  }

  protected resetCounters(): void {
    this.previousCounters = null;
  }
}
