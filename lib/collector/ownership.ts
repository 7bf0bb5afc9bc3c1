import 'server-only';
import pg from 'pg';

/**
 * Which targets this replica samples, decided by PostgreSQL session-level advisory locks held on
 * one dedicated store connection. The lock of a target is (namespace, hashtext(target id)); a
 * replica samples a target only while its session holds that lock, so when a replica dies (or
 * its store connection does) the store releases every lock it held and another replica takes
 * the targets over at its next reconcile. No cluster machinery beyond the store itself.
 *
 * A hash collision between two targets is harmless: advisory locks are re-entrant within a
 * session, so both targets simply end up with the same replica, and each is unlocked once.
 */
export const OWNERSHIP_LOCK_NAMESPACE = 724_319_002;
export const OWNERSHIP_APPLICATION_NAME = 'lifeguard-locks';

const CONNECT_TIMEOUT_MS = 5_000;
/** A lock query that hangs this long means a dead socket: the session is given up. */
const QUERY_TIMEOUT_MS = 5_000;

export interface Ownership {
  /**
   * Opens the lock session if it is down. Resolves true when the session is up; `fresh` tells the
   * caller that it is a new session, holding nothing yet (every earlier lock went with the old one).
   */
  connect(): Promise<{ up: boolean; fresh: boolean }>;
  /** Tries the locks of these targets (one query); resolves with those now held. */
  tryAcquire(targetIds: string[]): Promise<Set<string>>;
  release(targetId: string): Promise<void>;
  /** When the session was lost (null while it is up, or before the first connect). */
  lostAt(): number | null;
  /** Ends the session, releasing every lock. */
  close(): Promise<void>;
}

export function createOwnership(options: { url: string; log: (message: string) => void; onLost?: () => void }): Ownership {
  let client: pg.Client | null = null;
  let lostAt: number | null = null;
  let closed = false;

  const drop = (lost: pg.Client, reason: string) => {
    if (client !== lost) return;
    client = null;
    lostAt = Date.now();
    options.log(`ownership session lost (${reason}); samplers are kept until it is back or the grace period ends`);
    lost.end().catch(() => {});
    options.onLost?.();
  };

  /** Any failed lock query leaves us unsure what the session holds: start again with a new one. */
  async function query<Row extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<Row[]> {
    const current = client;
    if (!current) throw new Error('ownership session is down');
    try {
      return (await current.query<Row>(sql, values)).rows;
    } catch (error) {
      drop(current, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

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
      try {
        await next.connect();
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

    async tryAcquire(targetIds) {
      if (targetIds.length === 0) return new Set();
      const rows = await query<{ id: string }>(
        'SELECT id FROM unnest($2::text[]) AS id WHERE pg_try_advisory_lock($1::int, hashtext(id))',
        [OWNERSHIP_LOCK_NAMESPACE, targetIds],
      );
      return new Set(rows.map((row) => row.id));
    },

    async release(targetId) {
      if (!client) return; // the session is gone, and its locks with it
      await query('SELECT pg_advisory_unlock($1::int, hashtext($2::text))', [OWNERSHIP_LOCK_NAMESPACE, targetId]);
    },

    lostAt: () => lostAt,

    async close() {
      closed = true;
      const last = client;
      client = null;
      await last?.end().catch(() => {});
    },
  };
}
