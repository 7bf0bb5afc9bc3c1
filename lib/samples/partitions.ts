import 'server-only';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import type { KeepFloors } from '../retention/keep';
import { withMaintenanceLock } from './maintenance-lock';
import { DAY_MS, dayPartitionName, daysToCover, expiredPartitions, isCovered, quoteIdent, type PartitionBounds } from './partition-days';

/**
 * The store side of the samples table's day partitions (lib/samples/partition-days.ts): the
 * maintenance job creates them ahead and retention drops them whole. Each change is one short
 * transaction under the maintenance lock, with a lock timeout so that a DDL statement waiting
 * behind a long query never holds up the collector's inserts for more than that.
 */

const LOCK_TIMEOUT = "SET LOCAL lock_timeout = '2s'";

/** The partitions of samples with their bounds, read back from the catalog as timestamptz. */
export async function listSamplePartitions(db: Db | Prisma.TransactionClient): Promise<PartitionBounds[]> {
  const rows = await db.$queryRaw<{ name: string; is_default: boolean; from: Date | null; to: Date | null }[]>`
    SELECT c.relname AS name,
           b.bound = 'DEFAULT' AS is_default,
           (regexp_match(b.bound, 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS "from",
           (regexp_match(b.bound, 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS "to"
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    CROSS JOIN LATERAL (SELECT pg_get_expr(c.relpartbound, c.oid) AS bound) b
    WHERE i.inhparent = 'samples'::regclass`;
  return rows.map((row) => ({ name: row.name, isDefault: row.is_default, from: row.from, to: row.to }));
}

/**
 * Gives today and the DAYS_AHEAD next UTC days a partition each, where none covers them yet.
 * Returns the partitions created, or null when another replica holds the maintenance lock.
 */
export async function ensureSamplePartitions(db: Db, now = new Date()): Promise<string[] | null> {
  const listed = await listSamplePartitions(db);
  const missing = daysToCover(now).filter((day) => !isCovered(day, listed));
  if (missing.length === 0) return [];
  const result = await withMaintenanceLock(db, async (tx) => {
    const created: string[] = [];
    const current = await listSamplePartitions(tx);
    for (const day of missing) {
      if (isCovered(day, current)) continue;
      await createDayPartition(tx, day);
      created.push(dayPartitionName(day));
    }
    return created;
  });
  return result.skipped ? null : result.value;
}

/**
 * Builds the day's table on its own, moves into it the rows the default partition already holds
 * for that day (a collector whose clock ran ahead), then attaches it. ATTACH (unlike CREATE …
 * PARTITION OF) takes only a SHARE UPDATE EXCLUSIVE lock on samples, so inserts carry on; the
 * default partition is locked and scanned, and it holds only such stray rows.
 */
async function createDayPartition(tx: Prisma.TransactionClient, day: Date): Promise<void> {
  const table = Prisma.raw(quoteIdent(dayPartitionName(day)));
  // Literals, not parameters: DDL takes none. Both are our own Date's ISO text.
  const from = Prisma.raw(`'${day.toISOString()}'`);
  const to = Prisma.raw(`'${new Date(day.getTime() + DAY_MS).toISOString()}'`);
  await tx.$executeRawUnsafe(LOCK_TIMEOUT);
  await tx.$executeRaw`CREATE TABLE ${table} (LIKE samples INCLUDING DEFAULTS)`;
  await tx.$executeRaw`
    WITH moved AS (DELETE FROM samples_default WHERE at >= ${from}::timestamptz AND at < ${to}::timestamptz RETURNING *)
    INSERT INTO ${table} SELECT * FROM moved`;
  await tx.$executeRaw`ALTER TABLE samples ATTACH PARTITION ${table} FOR VALUES FROM (${from}) TO (${to})`;
}

export interface PartitionDrop {
  /** Dropped whole. */
  dropped: string[];
  /** Expired but kept: an incident still shows some of its rows, or some are not rolled up yet. */
  kept: string[];
}

/**
 * Drops every partition whose rows are all older than `cutoff` (the raw retention), unless it
 * still holds a row that must stay: one at or after its target's floor (an incident still shows
 * it, lib/retention/keep.ts) or one after its target's latest rolled-up minute (not in
 * sample_rollups yet). Unlike the row-wise prune, samples IN that latest minute do not hold the
 * partition: they are rolled up (the row-wise prune keeps them for a late sample of that minute,
 * which cannot come for a minute older than the retention), and a target that stopped sampling
 * would otherwise hold its last day forever. Such a partition is kept whole until a later prune
 * finds it free. The check and the DROP run under an ACCESS EXCLUSIVE lock on samples, so no row can
 * arrive in between; both take milliseconds (one index probe per target, then a catalog change).
 */
export async function dropExpiredSamplePartitions(db: Db, cutoff: Date, floors: KeepFloors): Promise<PartitionDrop> {
  const outcome: PartitionDrop = { dropped: [], kept: [] };
  const ids = [...floors.byTarget.keys()];
  const floorTimes = ids.map((id) => floors.byTarget.get(id)?.toISOString());
  for (const partition of expiredPartitions(await listSamplePartitions(db), cutoff)) {
    const table = Prisma.raw(quoteIdent(partition.name));
    const attempt = withMaintenanceLock(db, async (tx) => {
      await tx.$executeRawUnsafe(LOCK_TIMEOUT);
      await tx.$executeRaw`LOCK TABLE ONLY samples IN ACCESS EXCLUSIVE MODE`;
      // Another replica's prune may have dropped it since the listing.
      const [present] = await tx.$queryRaw<{ found: boolean }[]>`SELECT to_regclass(${quoteIdent(partition.name)}) IS NOT NULL AS found`;
      if (!present?.found) return 'gone' as const;
      const [held] = await tx.$queryRaw<{ blocking: boolean }[]>`
        SELECT EXISTS (
          SELECT 1 FROM targets t
          LEFT JOIN unnest(${ids}::uuid[], ${floorTimes}::timestamptz[]) AS f(target_id, floor) ON f.target_id = t.id
          WHERE EXISTS (
            SELECT 1 FROM ${table} s
            WHERE s.target_id = t.id
              AND s.at >= least(coalesce(f.floor, 'infinity'::timestamptz),
                                coalesce((SELECT max(r.bucket) FROM sample_rollups r WHERE r.target_id = t.id) + interval '1 minute', '-infinity'::timestamptz)))
        ) AS blocking`;
      if (held?.blocking) return 'kept' as const;
      await tx.$executeRaw`DROP TABLE ${table}`;
      return 'dropped' as const;
    });
    // A long query held samples past the lock timeout: kept for now, the next prune tries again
    // (and the rest of this prune, the other tables, still runs).
    const result = await attempt.catch((error: unknown) => {
      if (isLockTimeout(error)) return { skipped: false as const, value: 'kept' as const };
      throw error;
    });
    // Another replica holds the maintenance lock: it is pruning, and will drop what is due.
    if (result.skipped) break;
    if (result.value !== 'gone') outcome[result.value].push(partition.name);
  }
  return outcome;
}

function isLockTimeout(error: unknown): boolean {
  // Prisma wraps the driver error (P2010 "Raw query failed. Code: `55P03`…"): the SQLSTATE is in its message.
  const text = error instanceof Error ? error.message : String(error);
  return /\b55P03\b|lock timeout/.test(text);
}
