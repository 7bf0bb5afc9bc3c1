import type { PoolerDatabase } from './types';

/**
 * Where the database behind a pooler lives, from its target's URL, and whether a [databases]
 * entry of the pooler leads there. Pure: the probe's choice of database and the pooler's budget
 * both need it.
 */

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export interface BackendAddress {
  host: string;
  port: number;
  database: string;
}

/** Host, port (5432 when absent) and database of a PostgreSQL URL; null when it does not parse. */
export function backendAddress(url: string): BackendAddress | null {
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname, port: parsed.port === '' ? 5432 : Number(parsed.port), database: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres' };
  } catch {
    return null;
  }
}

/** Whether a [databases] entry points at this server (a Unix socket or any loopback name is the local host). */
export function pointsAt(entry: Pick<PoolerDatabase, 'host' | 'port'>, backend: Pick<BackendAddress, 'host' | 'port'>): boolean {
  if (entry.port !== null && entry.port !== backend.port) return false;
  const local = (host: string | null) => host === null || host.startsWith('/') || LOOPBACK.has(host);
  return entry.host === backend.host || (local(entry.host) && local(backend.host));
}

