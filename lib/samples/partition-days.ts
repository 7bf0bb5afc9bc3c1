/**
 * The shape of the raw samples table's partitions (prisma/migrations/*_partitioned_samples): one
 * per UTC day, named samples_pYYYYMMDD, plus samples_legacy (the table from before partitioning:
 * everything before its upper bound) and samples_default (whatever no other partition covers).
 * Pure: the store side is lib/samples/partitions.ts.
 *
 * Why a day: at 1 s samples a day is 8.64 M rows for 100 targets (86.4 M for 1,000), one DROP
 * instead of as many row deletes. Narrower partitions would keep retention closer to exact (a
 * partition goes only once all of it is older than the raw retention, so a day's width means up to
 * a day more than LIFEGUARD_RAW_RETENTION_HOURS is kept), but every query for a target's latest
 * sample (the alert round each second, snapshots, /metrics) has no time bound and so reads each
 * partition's index once: with days that is about seven partitions at the default 48 h, with
 * hours more than fifty.
 */

export const DAY_MS = 86_400_000;

/** Partitions kept ready after today's, so a store that stops its maintenance for a day or two still writes into day partitions. */
export const DAYS_AHEAD = 2;

export interface PartitionBounds {
  name: string;
  isDefault: boolean;
  /** null: MINVALUE (or the default partition). */
  from: Date | null;
  /** null: MAXVALUE (or the default partition). */
  to: Date | null;
}

export function utcDayStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

export function dayPartitionName(day: Date): string {
  return `samples_p${day.toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** Today's UTC day and the DAYS_AHEAD after it: the days that must each have a partition. */
export function daysToCover(now: Date, ahead = DAYS_AHEAD): Date[] {
  const today = utcDayStart(now).getTime();
  return Array.from({ length: ahead + 1 }, (_, i) => new Date(today + i * DAY_MS));
}

/** Whether some partition other than the default holds every instant of the day. */
export function isCovered(day: Date, partitions: readonly PartitionBounds[]): boolean {
  const end = day.getTime() + DAY_MS;
  return partitions.some((p) => !p.isDefault && (p.from === null || p.from.getTime() <= day.getTime()) && (p.to === null || p.to.getTime() >= end));
}

/** A partition of exactly one day: it is dropped whole. The others (legacy, default) are pruned row by row. */
export function isDayPartition(p: PartitionBounds): boolean {
  return !p.isDefault && p.from !== null && p.to !== null && p.to.getTime() - p.from.getTime() === DAY_MS;
}

/** Partitions whose every row is older than the cut-off: the candidates for dropping, oldest first. */
export function expiredPartitions(partitions: readonly PartitionBounds[], cutoff: Date): PartitionBounds[] {
  const ends = (p: PartitionBounds) => p.to?.getTime() ?? Infinity;
  return partitions.filter((p) => !p.isDefault && ends(p) <= cutoff.getTime()).sort((a, b) => ends(a) - ends(b));
}

/** A partition name as an SQL identifier. Names come from the catalog or dayPartitionName, never from a user. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
