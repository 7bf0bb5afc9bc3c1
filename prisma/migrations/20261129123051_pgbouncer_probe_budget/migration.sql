-- PgBouncer targets: the pooled database their probe connects to (issue 17), and the pooler's
-- current limits (SHOW DATABASES / SHOW CONFIG) for its budget against the database behind it.
-- AlterTable
ALTER TABLE "targets" ADD COLUMN     "probe_database" TEXT;

-- CreateTable
CREATE TABLE "pooler_configs" (
    "target_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "max_client_conn" INTEGER,
    "databases" JSONB NOT NULL,

    CONSTRAINT "pooler_configs_pkey" PRIMARY KEY ("target_id")
);

-- AddForeignKey
ALTER TABLE "pooler_configs" ADD CONSTRAINT "pooler_configs_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
