-- postgres_exporter's figures per sample (issue 11): activity by database/user/application/state,
-- pg_stat_database running totals, lock counts. Nullable: older samples and PgBouncer targets have none.
ALTER TABLE "samples" ADD COLUMN "server_stats" JSONB;
