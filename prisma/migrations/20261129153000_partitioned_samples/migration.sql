-- Raw samples become a table partitioned by UTC day (PARTITION BY RANGE (at)), so that retention
-- drops a whole day of samples instead of deleting it row by row (issue 13; lib/samples/partitions.ts
-- creates the days ahead and drops the expired ones).
--
-- No row is copied: the existing table, with its rows, key and foreign key, becomes the partition
-- "samples_legacy" for everything before tomorrow (validated by one read of it, not rewritten), and
-- the next days get partitions of their own. A row stamped after those (a collector with a clock
-- far ahead) lands in "samples_default", so an insert never fails for want of a partition. All of
-- it in this migration's one transaction (lib/store/migrate.ts).
--
-- Prisma cannot declare partitioning: schema.prisma models "samples" as the plain table it looks
-- like to every query (same columns, key and foreign key); see docs/architecture.md.

ALTER TABLE "samples" RENAME TO "samples_legacy";
ALTER TABLE "samples_legacy" RENAME CONSTRAINT "samples_pkey" TO "samples_legacy_pkey";
-- Its foreign key keeps its name: ATTACH adopts it as the partition's copy of the parent's, and
-- errors keep naming "samples_target_id_fkey" whichever partition a row goes to.

-- LIKE keeps the columns in their order, types and NOT NULLs, so the Prisma client sees no change.
CREATE TABLE "samples" (LIKE "samples_legacy" INCLUDING DEFAULTS) PARTITION BY RANGE ("at");
-- The key includes the partition key ("at"), as PostgreSQL requires: ON CONFLICT (target_id, at) stays valid.
ALTER TABLE "samples" ADD CONSTRAINT "samples_pkey" PRIMARY KEY ("target_id", "at");
ALTER TABLE "samples" ADD CONSTRAINT "samples_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE TABLE "samples_default" PARTITION OF "samples" DEFAULT;

DO $$
DECLARE
  tomorrow timestamptz := date_trunc('day', now(), 'UTC') + interval '24 hours';
  day timestamptz;
BEGIN
  -- The next two days, as the maintenance job keeps them (lib/samples/partitions.ts, DAYS_AHEAD).
  FOR i IN 0..1 LOOP
    day := tomorrow + i * interval '24 hours';
    EXECUTE format('CREATE TABLE %I PARTITION OF samples FOR VALUES FROM (%L) TO (%L)',
      'samples_p' || to_char(day AT TIME ZONE 'UTC', 'YYYYMMDD'),
      to_char(day AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ' 00:00:00+00',
      to_char((day + interval '24 hours') AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ' 00:00:00+00');
  END LOOP;
  -- Rows already stamped tomorrow or later move to their partition (or the default one) first:
  -- the old table may then hold only what its bound says.
  WITH moved AS (DELETE FROM samples_legacy WHERE at >= tomorrow RETURNING *)
  INSERT INTO samples SELECT * FROM moved;
  EXECUTE format('ALTER TABLE samples ATTACH PARTITION samples_legacy FOR VALUES FROM (MINVALUE) TO (%L)',
    to_char(tomorrow AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ' 00:00:00+00');
END $$;
