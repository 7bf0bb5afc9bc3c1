import 'server-only';
import { Prisma } from '../generated/prisma/client';

/**
 * Which raw rows a minute rollup reads next, per target: the rule shared by the samples' rollup
 * (lib/samples/rollup.ts) and the PgBouncer pool samples' (lib/pooler/rollup.ts), whose raw rows
 * are both written by the collector in time order.
 *
 * The watermark is each target's latest rolled-up minute: the run starts one minute before it,
 * so a sample that arrived late (a slow store write) for one of the last two minutes is counted
 * when they are rolled again. A gap in the samples is skipped (the span starts at the first
 * sample past the watermark), so a target that stopped for longer than maxSpanMs does not stall.
 */

export interface RollupOptions {
  /** Only minutes that ended by `now` are rolled up. */
  now?: Date;
  /**
   * At most this much history per target per run, so catching up after a long pause (or on the
   * first run over 48 h of samples) is spread over several short runs instead of one huge one.
   */
  maxSpanMs?: number;
}

const DEFAULT_MAX_SPAN_MS = 6 * 3600_000;

/** The two tables of one rollup, and the kind of target that has raw rows in them (all kinds when absent). */
export interface RollupTables {
  raw: 'samples' | 'pooler_samples';
  rollups: 'sample_rollups' | 'pooler_sample_rollups';
  kind?: 'pgbouncer';
}

/**
 * The CTEs `marks` and `spans` (target_id, since, upto) for a `WITH` clause: the rollup then reads
 * the raw rows of each target with since <= at < upto.
 */
export function rollupSpansSql(tables: RollupTables, options: RollupOptions): Prisma.Sql {
  const now = options.now ?? new Date();
  const maxSpanMs = options.maxSpanMs ?? DEFAULT_MAX_SPAN_MS;
  // Table names are the constants above, never input.
  const raw = Prisma.raw(tables.raw);
  const rollups = Prisma.raw(tables.rollups);
  const kind = tables.kind ? Prisma.sql`WHERE t.kind = ${tables.kind}` : Prisma.empty;
  return Prisma.sql`
    marks AS (
      SELECT t.id AS target_id,
             coalesce((SELECT max(r.bucket) FROM ${rollups} r WHERE r.target_id = t.id) - interval '1 minute', '-infinity'::timestamptz) AS mark
      FROM targets t ${kind}
    ), spans AS (
      SELECT m.target_id, f.since,
             least(date_trunc('minute', ${now}::timestamptz), f.since + ${maxSpanMs}::float8 * interval '1 millisecond') AS upto
      FROM marks m
      CROSS JOIN LATERAL (
        SELECT date_trunc('minute', min(x.at)) AS since FROM ${raw} x WHERE x.target_id = m.target_id AND x.at >= m.mark
      ) f
      WHERE f.since IS NOT NULL
    )`;
}
