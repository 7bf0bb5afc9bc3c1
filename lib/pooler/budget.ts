import { pointsAt, type BackendAddress } from './backend-address';
import type { PoolerDatabase } from './types';

/**
 * A PgBouncer's own connection budget: how many server connections its pools may open to the
 * database behind it, against the connections that server lets ordinary clients open. Pure
 * arithmetic and wording; lib/pooler/budget-query.ts loads the figures.
 *
 * The point is the sentence, as for the applications' budget: "orders-bouncer: 8 pools × (25 + 5
 * reserve) = 240 > 97 usable on production" says before any flood that the pooler itself can
 * take the database down, however well the applications behind it keep to max_client_conn.
 * Each pool (database × user) may open pool_size connections, plus reserve_pool_size more when
 * clients have waited reserve_pool_timeout; max_db_connections caps a database's pools together.
 */

export interface PoolerBudgetInput {
  targetName: string;
  /** SHOW DATABASES, admin console excluded; null before the collector first read it. */
  databases: readonly PoolerDatabase[] | null;
  /** The (database, user) pools of the latest sample. */
  pools: readonly { database: string; user: string }[];
  /** The database behind the pooler; null when none is registered. */
  backend: { name: string; usable: number | null; address: BackendAddress | null } | null;
}

export interface PoolerDatabaseBudget {
  /** The name clients connect to. */
  database: string;
  /** Pools that can exist now: one for a database with force_user, else one per user seen. */
  pools: number;
  poolSize: number;
  reservePool: number;
  /** 0: no cap. */
  maxDbConnections: number;
  /** min(pools × (poolSize + reservePool), maxDbConnections when set). */
  committed: number;
  /** "2 pools × (25 + 5 reserve) = 60". */
  explanation: string;
}

export interface PoolerBudget {
  targetName: string;
  backendName: string | null;
  /** The backend's max_connections minus reserved; null when unknown. */
  usable: number | null;
  committed: number;
  /** committed > usable; false while usable is unknown. */
  overCommitted: boolean;
  /** The entries whose pools reach the database behind the pooler, largest first. */
  databases: PoolerDatabaseBudget[];
  explanation: string;
}

export function computePoolerBudget(input: PoolerBudgetInput): PoolerBudget {
  const backendName = input.backend?.name ?? null;
  const usable = input.backend?.usable ?? null;
  if (input.databases === null) {
    return { targetName: input.targetName, backendName, usable, committed: 0, overCommitted: false, databases: [], explanation: `${input.targetName}: pool sizes not read yet (no sample of the pooler)` };
  }
  const { entries, note } = reaching(input.databases, input.backend?.address ?? null);
  const databases = entries
    .map((entry) => databaseBudget(entry, input.pools))
    .sort((a, b) => b.committed - a.committed || a.database.localeCompare(b.database));
  const committed = databases.reduce((sum, entry) => sum + entry.committed, 0);
  const overCommitted = usable !== null && committed > usable;
  const explanation = `${input.targetName}: ${terms(databases)} = ${committed}${verdict(committed, usable, backendName)}${note}`;
  return { targetName: input.targetName, backendName, usable, committed, overCommitted, databases, explanation };
}

/**
 * The entries that lead to the backend's server (max_connections is per server, so every
 * database on it counts). When none names the backend's host and port (a DNS name against an
 * IP, say), every entry is counted, and the sentence says so.
 */
function reaching(databases: readonly PoolerDatabase[], backend: BackendAddress | null): { entries: readonly PoolerDatabase[]; note: string } {
  if (!backend) return { entries: databases, note: '' };
  const matching = databases.filter((entry) => pointsAt(entry, backend));
  if (matching.length > 0 || databases.length === 0) return { entries: matching, note: '' };
  return { entries: databases, note: ` (no [databases] entry names ${backend.host}:${backend.port}: every entry counted)` };
}

function databaseBudget(entry: PoolerDatabase, pools: PoolerBudgetInput['pools']): PoolerDatabaseBudget {
  const users = new Set(pools.filter((pool) => pool.database === entry.name).map((pool) => pool.user));
  const count = entry.forceUser ? 1 : users.size;
  const perPool = entry.poolSize + entry.reservePool;
  const uncapped = count * perPool;
  const capped = entry.maxDbConnections > 0 && entry.maxDbConnections < uncapped;
  const committed = capped ? entry.maxDbConnections : uncapped;
  const product = `${count} ${count === 1 ? 'pool' : 'pools'} × ${poolTerm(entry)}`;
  const explanation = capped ? `min(${product}, max_db_connections ${entry.maxDbConnections}) = ${committed}` : `${product} = ${committed}`;
  return { database: entry.name, pools: count, poolSize: entry.poolSize, reservePool: entry.reservePool, maxDbConnections: entry.maxDbConnections, committed, explanation };
}

/** "25" or "(25 + 5 reserve)". */
function poolTerm(entry: Pick<PoolerDatabase, 'poolSize' | 'reservePool'>): string {
  return entry.reservePool > 0 ? `(${entry.poolSize} + ${entry.reservePool} reserve)` : String(entry.poolSize);
}

/**
 * "8 pools × (25 + 5 reserve)" when every database's pools are alike and uncapped; else one term
 * per database: "appdb 2 × 25 + reports min(3 × 10, max_db_connections 20)".
 */
function terms(databases: readonly PoolerDatabaseBudget[]): string {
  const first = databases[0];
  if (!first) return 'no pools';
  const alike = databases.every((entry) => entry.poolSize === first.poolSize && entry.reservePool === first.reservePool && !isCapped(entry));
  if (alike) {
    const pools = databases.reduce((sum, entry) => sum + entry.pools, 0);
    return `${pools} ${pools === 1 ? 'pool' : 'pools'} × ${poolTerm(first)}`;
  }
  return databases.map((entry) => `${entry.database} ${entry.explanation.replace(/ = \d+$/, '')}`).join(' + ');
}

function isCapped(entry: PoolerDatabaseBudget): boolean {
  return entry.maxDbConnections > 0 && entry.maxDbConnections < entry.pools * (entry.poolSize + entry.reservePool);
}

function verdict(committed: number, usable: number | null, backendName: string | null): string {
  if (backendName === null) return '; no database behind it registered to compare with (backendTargetId)';
  if (usable === null) return `; usable connections of ${backendName} unknown (no sample of it yet)`;
  return committed > usable ? ` > ${usable} usable on ${backendName}` : ` ≤ ${usable} usable on ${backendName}`;
}
