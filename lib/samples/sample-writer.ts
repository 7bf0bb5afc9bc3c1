import 'server-only';
import pg from 'pg';
import { distinctSamples, markNew, RECORD_SAMPLES_SQL, recordSamplesParams, type RecordedSample } from './record';
import type { SampleRecord } from './types';

export interface SampleWriterOptions {
  /** The store's URL. */
  url: string;
  log?: (message: string) => void;
  /** At most this many samples per statement; more wait for the next one. */
  maxBatch?: number;
  /** A statement not answered within this is given up (and its connection replaced); the batch is retried once. */
  statementTimeoutMs?: number;
  /** Pause before the one retry of a batch the store failed for a passing reason. */
  retryDelayMs?: number;
}

export interface SampleWriter {
  /**
   * Stores the sample and announces it: resolves once it is committed (true: it was new, false:
   * already stored or its target is gone); rejects only when the store could not take it.
   */
  write(sample: SampleRecord): Promise<boolean>;
  /** Writes what is queued, then closes the connection. Later writes are refused. */
  close(): Promise<void>;
}

interface Pending {
  sample: SampleRecord;
  resolve: (stored: boolean) => void;
  reject: (error: unknown) => void;
}

const DEFAULT_MAX_BATCH = 500;
const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY_DELAY_MS = 250;

/**
 * The collector's write path: group commit. While no statement is in flight a sample is written
 * at once (only the samples delivered in the same turn of the event loop join it), so a calm
 * collector adds no latency; while one is in flight, the samples that arrive queue and all go in
 * the next statement (RECORD_SAMPLES_SQL: one round trip, one commit, one notification per new
 * sample). Under load the batches grow by themselves and the cost per sample falls.
 *
 * It has its own connection (plain node-postgres, not Prisma: this is the one write that runs for
 * every target every second, and it needs none of Prisma's mapping). One statement at a time, so
 * one connection; the pool replaces it when the store drops it.
 *
 * Failures: a statement that failed for a passing reason (connection lost, store restarting, a
 * target deleted under the batch) is retried once; ON CONFLICT makes a retry of a batch that
 * did commit harmless. A statement refused for what is in it is retried sample by sample, so
 * one bad sample fails alone. A caller is told a sample is stored only after its commit.
 */
export function createSampleWriter(options: SampleWriterOptions): SampleWriter {
  const log = options.log ?? ((message: string) => console.warn(`[sample-writer] ${message}`));
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: options.url,
    application_name: 'lifeguard-samples',
    max: 1,
    connectionTimeoutMillis: 5_000,
    // Client-side, so no startup parameter a pooler in front of the store could refuse; the
    // connection of a statement that times out is replaced, and the batch retried once.
    query_timeout: statementTimeoutMs,
    keepAlive: true,
  });
  // An idle connection the store drops (a restart) is reported here; the next write reconnects.
  pool.on('error', (err) => log(`store connection lost: ${err.message}`));

  let queue: Pending[] = [];
  let flushing: Promise<void> | null = null;
  let closed = false;

  async function run(samples: readonly SampleRecord[]): Promise<boolean[]> {
    const result = await pool.query<RecordedSample>(RECORD_SAMPLES_SQL, recordSamplesParams(distinctSamples(samples)));
    return markNew(samples, result.rows);
  }

  /** One batch, with the retries described above; rejects with the store's error. */
  async function store(samples: readonly SampleRecord[]): Promise<(boolean | Error)[]> {
    try {
      return await run(samples);
    } catch (first) {
      if (isPassing(first)) {
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
        try {
          return await run(samples);
        } catch (second) {
          return samples.map(() => asError(second));
        }
      }
      if (samples.length === 1) return [asError(first)];
      log(`a batch of ${samples.length} samples was refused (${asError(first).message}): writing them one by one`);
      const each: (boolean | Error)[] = [];
      for (const sample of samples) each.push(await run([sample]).then(([stored]) => stored === true, asError));
      return each;
    }
  }

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      const outcomes = await store(batch.map((pending) => pending.sample));
      batch.forEach((pending, i) => {
        const outcome = outcomes[i];
        if (outcome instanceof Error) pending.reject(outcome);
        else pending.resolve(outcome === true);
      });
    }
  }

  function startFlush(): void {
    flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(flush)
      .catch((err: unknown) => log(`writing samples failed unexpectedly: ${String(err)}`))
      .finally(() => {
        flushing = null;
        // A sample queued between the last batch and this line.
        if (queue.length > 0) startFlush();
      });
  }

  return {
    write(sample) {
      if (closed) return Promise.reject(new Error('the sample writer is closed'));
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ sample, resolve, reject });
        if (!flushing) startFlush();
      });
    },
    async close() {
      closed = true;
      while (flushing) await flushing;
      await pool.end();
    },
  };
}

/**
 * Errors worth one retry of the same batch: no SQLSTATE (a lost or refused connection, a client
 * timeout), connection exceptions (08), a store shutting down or starting (57P), out of
 * connections (53), serialization failures and deadlocks (40), and a foreign key violation (a
 * target deleted while the batch ran: the retry's snapshot no longer has it, and skips it).
 */
function isPassing(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return /^(08|57P|53|40)/.test(code) || code === '23503';
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
