import 'server-only';
import type { Db } from '@/lib/store/db';
import { CHANNELS } from '../events/channels';
import type { SampleRecord } from './types';

/**
 * Stores any number of samples and announces the new ones, in ONE statement: the rows travel as
 * one array per column (`unnest`), so a batch costs one round trip, one parse of one prepared
 * statement and one commit, whatever its size.
 *
 * The notifications are sent by the same statement, only for the rows it inserted, and (NOTIFY
 * being transactional) only once they are committed: a listener that reads a sample on notice
 * always finds it. A sample already stored for the same (target, at), in the store or earlier in
 * the batch, is skipped rather than an error, so a retried batch is harmless. A sample of a target
 * that no longer exists is skipped too (its sampler stops at the next reconcile): one deleted
 * target must not fail the samples of all the others.
 *
 * One notification per new sample, payload SampleNotification; built in SQL with the same text
 * `Date.toISOString()` gives (timestamps are stored to the millisecond).
 */
export const RECORD_SAMPLES_SQL = `
WITH batch AS (
  SELECT * FROM unnest(
    $1::uuid[], $2::timestamptz[], $3::int[], $4::int[], $5::int[],
    $6::int[], $7::int[], $8::int[], $9::int[], $10::int[],
    $11::float8[], $12::float8[], $13::float8[], $14::float8[], $15::float8[], $16::float8[],
    $17::jsonb[], $18::jsonb[], $19::int[], $20::jsonb[], $21::jsonb[], $22::text[], $23::text[]
  ) AS b(
    target_id, at, max_connections, reserved_connections, total,
    active, idle, idle_in_transaction, idle_in_transaction_aborted, waiting,
    oldest_xact_seconds, probe_latency_ms, connect_latency_ms, commits_per_sec, rollbacks_per_sec, deadlocks_per_sec,
    applications, server_stats, new_backends, slow_queries, lock_tree, error, error_code
  )
), inserted AS (
  INSERT INTO samples (
    target_id, at, max_connections, reserved_connections, total,
    active, idle, idle_in_transaction, idle_in_transaction_aborted, waiting,
    oldest_xact_seconds, probe_latency_ms, connect_latency_ms, commits_per_sec, rollbacks_per_sec, deadlocks_per_sec,
    applications, server_stats, new_backends, slow_queries, lock_tree, error, error_code
  )
  SELECT batch.* FROM batch WHERE EXISTS (SELECT 1 FROM targets t WHERE t.id = batch.target_id)
  ON CONFLICT (target_id, at) DO NOTHING
  RETURNING target_id, at
), announced AS (
  SELECT target_id::text AS target_id,
         to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
  FROM inserted
)
-- pg_notify returns void, which clients cannot read: cast, it reads as an empty string.
SELECT target_id, at, pg_notify('${CHANNELS.samples}', '{"targetId":"' || target_id || '","at":"' || at || '"}')::text AS notified
FROM announced`;

/** The 23 parameters of RECORD_SAMPLES_SQL: one array per column, in its order. */
export function recordSamplesParams(samples: readonly SampleRecord[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 23 }, () => new Array<unknown>(samples.length));
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  samples.forEach((sample, i) => {
    const states = sample.states;
    const row = [
      sample.targetId,
      sample.at.toISOString(),
      sample.maxConnections,
      sample.reservedConnections,
      sample.total,
      states?.active ?? null,
      states?.idle ?? null,
      states?.idleInTransaction ?? null,
      states?.idleInTransactionAborted ?? null,
      sample.waiting,
      sample.oldestXactSeconds,
      sample.probeLatencyMs,
      sample.connectLatencyMs,
      sample.commitsPerSec,
      sample.rollbacksPerSec,
      sample.deadlocksPerSec,
      json(sample.applications),
      json(sample.serverStats),
      sample.newBackends ?? null,
      json(sample.slowQueries),
      json(sample.lockTree),
      sample.error,
      sample.errorCode,
    ];
    for (let column = 0; column < row.length; column++) columns[column]![i] = row[column];
  });
  return columns;
}

/** A row RECORD_SAMPLES_SQL returns: one per sample it inserted (and announced). */
export interface RecordedSample {
  target_id: string;
  /** As announced: `Date.toISOString()` of the sample's `at`. */
  at: string;
  notified: string;
}

/** The key a sample is matched to the returned rows by. */
export const sampleKey = (targetId: string, atIso: string) => `${targetId} ${atIso}`;

/**
 * Stores samples through Prisma (tests, one-off writes); which of them were new, in order.
 * The collector writes through lib/samples/sample-writer.ts instead, which groups what its
 * samplers deliver into one statement and keeps the hot path off Prisma.
 */
export async function recordSamples(db: Db, samples: readonly SampleRecord[]): Promise<boolean[]> {
  if (samples.length === 0) return [];
  const rows = await db.$queryRawUnsafe<RecordedSample[]>(RECORD_SAMPLES_SQL, ...recordSamplesParams(distinctSamples(samples)));
  return markNew(samples, rows);
}

/** Stores one sample and announces it; whether it was new (see RECORD_SAMPLES_SQL). */
export async function recordSample(db: Db, sample: SampleRecord): Promise<boolean> {
  const [stored] = await recordSamples(db, [sample]);
  return stored === true;
}

/**
 * The samples to send: of several with the same (target, at), only the first. PostgreSQL would
 * skip all but one of them too, but not necessarily the first, and markNew says the first is new.
 */
export function distinctSamples(samples: readonly SampleRecord[]): readonly SampleRecord[] {
  const seen = new Set<string>();
  const distinct = samples.filter((sample) => {
    const key = sampleKey(sample.targetId, sample.at.toISOString());
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return distinct.length === samples.length ? samples : distinct;
}

/** Which samples the returned rows say were inserted; of duplicates in one batch, the first. */
export function markNew(samples: readonly SampleRecord[], rows: readonly RecordedSample[]): boolean[] {
  const inserted = new Set(rows.map((row) => sampleKey(row.target_id, row.at)));
  return samples.map((sample) => inserted.delete(sampleKey(sample.targetId, sample.at.toISOString())));
}
