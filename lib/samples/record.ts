import 'server-only';
import type { Db } from '@/lib/store/db';
import { CHANNELS, type SampleNotification } from '../events/channels';
import type { SampleRecord } from './types';

/**
 * Stores one sample and announces it, in one statement: the notification is sent only if the
 * row was inserted, and (NOTIFY being transactional) only once it is committed, so a listener
 * that reads the sample on notice always finds it. A sample already stored for the same
 * (target, at) is ignored rather than an error, so a retried write is harmless.
 * The notification carries the live path's stage times (lib/events/stages.ts), `stored` read from
 * the store's clock once the row is in.
 * Returns whether the sample was new.
 */
export async function recordSample(db: Db, sample: SampleRecord): Promise<boolean> {
  const payload: SampleNotification = { targetId: sample.targetId, at: sample.at.toISOString(), stages: { ...sample.stages } };
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  const applications = json(sample.applications);
  const serverStats = json(sample.serverStats);
  const states = sample.states;
  // Explicit casts: parameters arrive untyped, and uuid / jsonb columns do not take text.
  const inserted = await db.$executeRaw`
    WITH inserted AS (
      INSERT INTO samples (
        target_id, at, max_connections, reserved_connections, total,
        active, idle, idle_in_transaction, idle_in_transaction_aborted, waiting,
        oldest_xact_seconds, probe_latency_ms, connect_latency_ms,
        commits_per_sec, rollbacks_per_sec, deadlocks_per_sec,
        applications, server_stats, new_backends, slow_queries, lock_tree, error, error_code
      ) VALUES (
        ${sample.targetId}::uuid, ${sample.at}::timestamptz, ${sample.maxConnections}::int, ${sample.reservedConnections}::int, ${sample.total}::int,
        ${states?.active ?? null}::int, ${states?.idle ?? null}::int, ${states?.idleInTransaction ?? null}::int,
        ${states?.idleInTransactionAborted ?? null}::int, ${sample.waiting}::int,
        ${sample.oldestXactSeconds}::float8, ${sample.probeLatencyMs}::float8, ${sample.connectLatencyMs}::float8,
        ${sample.commitsPerSec}::float8, ${sample.rollbacksPerSec}::float8, ${sample.deadlocksPerSec}::float8,
        ${applications}::jsonb, ${serverStats}::jsonb, ${sample.newBackends ?? null}::int, ${json(sample.slowQueries)}::jsonb, ${json(sample.lockTree)}::jsonb,
        ${sample.error}::text, ${sample.errorCode}::text
      )
      ON CONFLICT (target_id, at) DO NOTHING
      RETURNING 1
    )
    SELECT pg_notify(${CHANNELS.samples}::text, jsonb_set(${JSON.stringify(payload)}::jsonb, '{stages,stored}',
      to_jsonb(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint))::text) FROM inserted`;
  return inserted > 0;
}
