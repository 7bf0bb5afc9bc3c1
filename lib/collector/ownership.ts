import 'server-only';
import { randomInt } from 'node:crypto';
import pg from 'pg';
import { CHANNELS } from '@/lib/events/channels';

/**
 * Which targets this replica samples, decided by PostgreSQL session-level advisory locks held on
 * one dedicated store connection. The lock of a target is (namespace, hashtext(target id)); a
 * replica samples a target only while its session holds that lock, so when a replica dies (or
 * its store connection does) the store releases every lock it held and another replica takes
 * the targets over. No cluster machinery beyond the store itself.
 *
 * The same session announces the replica: it holds (REPLICA_LOCK_NAMESPACE, replica id), and the
 * live replicas are exactly those whose announcement shows in pg_locks. Liveness is therefore the
 * life of the session that holds the replica's target locks — a replica seen dead has lost its
 * target locks too, at the same instant (a SIGKILLed process's socket is closed by the kernel and
 * its backend ends at once), and one seen alive still holds them. A heartbeat table would add
 * writes, clocks to compare and a timeout during which a dead replica's targets stay unsampled.
 *
 * A hash collision between two targets is harmless: advisory locks are re-entrant within a
 * session, so both targets simply end up with the same replica, and each is unlocked once.
 */
export const OWNERSHIP_LOCK_NAMESPACE = 724_319_002;
/** (namespace, replica id): held by each live replica's lock session. */
export const REPLICA_LOCK_NAMESPACE = 724_319_004;
/**
 * (namespace, hashtext(target id)), shared: "this replica is ready to take that target". The owner
 * hands a target over only once its new owner asks for it, so a newcomer that is slow to get going
 * (still loading, its event loop busy) is never handed targets it would leave unsampled.
 */
export const WANT_LOCK_NAMESPACE = 724_319_005;
export const OWNERSHIP_APPLICATION_NAME = 'lifeguard-locks';

const CONNECT_TIMEOUT_MS = 5_000;
/** A lock query that hangs this long means a dead socket: the session is given up. */
const QUERY_TIMEOUT_MS = 5_000;
/** Replica ids are positive int4 values, so pg_locks shows them unchanged in objid. */
const MAX_REPLICA_ID = 2 ** 31 - 1;

export interface Ownership {
  /**
   * Opens the lock session if it is down. Resolves true when the session is up; `fresh` tells the
   * caller that it is a new session, holding nothing yet (every earlier lock went with the old one).
   */
  connect(): Promise<{ up: boolean; fresh: boolean }>;
  /**
   * Announces this replica as live (idempotent within a session); false when it cannot. The
   * other replicas are told at once, so they hand over this replica's share without waiting.
   */
  announce(): Promise<boolean>;
  /** This replica's id in the shares (its announcement key, as a string). */
  replicaId(): string;
  /** The ids of the replicas announced now, this one included once announced. */
  liveReplicas(): Promise<string[]>;
  /**
   * Asks for exactly these targets (held by another replica now): asks for the new ones, withdraws
   * the rest, and tells the owners when anything new is asked for.
   */
  want(targetIds: string[]): Promise<void>;
  /** Those of these targets another replica asks for. */
  askedFor(targetIds: string[]): Promise<Set<string>>;
  /** Tries the locks of these targets (one query); resolves with those now held. */
  tryAcquire(targetIds: string[]): Promise<Set<string>>;
  /**
   * Releases these targets' locks; `handOver` tells the other replicas at once, so the new owner
   * takes them now rather than at its next poll.
   */
  release(targetIds: string[], options?: { handOver?: boolean }): Promise<void>;
  /** When the session was lost (null while it is up, or before the first connect). */
  lostAt(): number | null;
  /** Ends the session, releasing every lock, and tells the other replicas to take the targets. */
  close(): Promise<void>;
}

export interface OwnershipOptions {
  url: string;
  log: (message: string) => void;
  onLost?: () => void;
  /** Another replica joined, left or released targets: the shares should be looked at now. */
  onChange?: () => void;
  /** Tests pick the id to place a replica in the shares; otherwise random. */
  replicaId?: number;
}

export function createOwnership(options: OwnershipOptions): Ownership {
  let client: pg.Client | null = null;
  let lostAt: number | null = null;
  let closed = false;
  let replicaId = options.replicaId ?? randomInt(1, MAX_REPLICA_ID);
  /** Whether the current session holds this replica's announcement lock. */
  let announced = false;
  /** The targets the current session asks for (holds the want lock of). */
  let wanted = new Set<string>();

  const drop = (lost: pg.Client, reason: string) => {
    if (client !== lost) return;
    client = null;
    announced = false;
    wanted = new Set();
    lostAt = Date.now();
    options.log(`ownership session lost (${reason}); samplers are kept until it is back or the grace period ends`);
    lost.end().catch(() => {});
    options.onLost?.();
  };

  /**
   * One query at a time (reconciles and hand-overs both use the session): queued here rather than
   * in node-postgres, so a query's timeout counts from when it is sent, not from when it was queued.
   * Any failed lock query leaves us unsure what the session holds: start again with a new one.
   */
  let queue: Promise<unknown> = Promise.resolve();
  function query<Row extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<Row[]> {
    const run = async () => {
      const current = client;
      if (!current) throw new Error('ownership session is down');
      try {
        return (await current.query<Row>(sql, values)).rows;
      } catch (error) {
        drop(current, error instanceof Error ? error.message : String(error));
        throw error;
      }
    };
    const result = queue.then(run, run);
    queue = result.catch(() => {});
    return result;
  }

  const tellOthers = () => query(`NOTIFY ${CHANNELS.ownership}`);

  return {
    async connect() {
      if (client) return { up: true, fresh: false };
      if (closed) return { up: false, fresh: false };
      const next = new pg.Client({
        connectionString: options.url,
        application_name: OWNERSHIP_APPLICATION_NAME,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        query_timeout: QUERY_TIMEOUT_MS,
        keepAlive: true,
      });
      // Without listeners an 'error' event would crash the process.
      next.on('error', (error: Error) => drop(next, error.message));
      next.on('end', () => drop(next, 'closed by the store'));
      // Our own NOTIFYs come back too; they cost one needless look at the shares.
      next.on('notification', () => options.onChange?.());
      try {
        await next.connect();
        await next.query(`LISTEN ${CHANNELS.ownership}`);
      } catch {
        await next.end().catch(() => {});
        return { up: false, fresh: false };
      }
      if (closed) {
        await next.end().catch(() => {});
        return { up: false, fresh: false };
      }
      if (lostAt !== null) options.log('ownership session back');
      client = next;
      lostAt = null;
      return { up: true, fresh: true };
    },

    async announce() {
      if (announced) return true;
      if (!client) return false;
      const [row] = await query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::int, $2::int) AS locked', [REPLICA_LOCK_NAMESPACE, replicaId]);
      if (!row?.locked) {
        // Another live replica drew the same id: draw again, and announce at the next reconcile.
        options.log(`replica id ${replicaId} is taken by another replica: drawing a new one`);
        replicaId = randomInt(1, MAX_REPLICA_ID);
        return false;
      }
      announced = true;
      await tellOthers();
      return true;
    },

    replicaId: () => String(replicaId),

    async liveReplicas() {
      // Two-int advisory locks show as classid = key1, objid = key2, objsubid 2 (see lib/remediation/requests.ts).
      const rows = await query<{ id: string }>(
        `SELECT objid::bigint::text AS id FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = $1::bigint::oid
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [REPLICA_LOCK_NAMESPACE],
      );
      return rows.map((row) => row.id);
    },

    async want(targetIds) {
      const next = new Set(targetIds);
      const added = [...next].filter((id) => !wanted.has(id));
      const withdrawn = [...wanted].filter((id) => !next.has(id));
      if (withdrawn.length > 0) {
        await query('SELECT pg_advisory_unlock_shared($1::int, hashtext(id)) FROM unnest($2::text[]) AS id', [WANT_LOCK_NAMESPACE, withdrawn]);
        for (const id of withdrawn) wanted.delete(id);
      }
      if (added.length === 0) return;
      await query('SELECT pg_advisory_lock_shared($1::int, hashtext(id)) FROM unnest($2::text[]) AS id', [WANT_LOCK_NAMESPACE, added]);
      for (const id of added) wanted.add(id);
      await tellOthers();
    },

    async askedFor(targetIds) {
      if (targetIds.length === 0) return new Set();
      const rows = await query<{ id: string }>(
        `SELECT id FROM unnest($2::text[]) AS id WHERE EXISTS (
           SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = $1::bigint::oid
             AND objid = (hashtext(id)::bigint & 4294967295)::oid AND pid <> pg_backend_pid()
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))`,
        [WANT_LOCK_NAMESPACE, targetIds],
      );
      return new Set(rows.map((row) => row.id));
    },

    async tryAcquire(targetIds) {
      if (targetIds.length === 0) return new Set();
      const rows = await query<{ id: string }>(
        'SELECT id FROM unnest($2::text[]) AS id WHERE pg_try_advisory_lock($1::int, hashtext(id))',
        [OWNERSHIP_LOCK_NAMESPACE, targetIds],
      );
      return new Set(rows.map((row) => row.id));
    },

    async release(targetIds, releaseOptions = {}) {
      if (!client || targetIds.length === 0) return; // the session is gone, and its locks with it
      await query('SELECT pg_advisory_unlock($1::int, hashtext(id)) FROM unnest($2::text[]) AS id', [OWNERSHIP_LOCK_NAMESPACE, targetIds]);
      if (releaseOptions.handOver) await tellOthers();
    },

    lostAt: () => lostAt,

    async close() {
      closed = true;
      const last = client;
      if (last) {
        await queue;
        // Unlocked before the NOTIFY is sent, so whoever wakes on it finds the targets free.
        await last.query('SELECT pg_advisory_unlock_all()').catch(() => {});
        await last.query(`NOTIFY ${CHANNELS.ownership}`).catch(() => {});
      }
      client = null;
      await last?.end().catch(() => {});
    },
  };
}
