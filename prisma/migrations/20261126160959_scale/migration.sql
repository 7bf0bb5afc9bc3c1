-- AlterTable
ALTER TABLE "targets" ADD COLUMN     "allow_drills" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "backend_target_id" UUID,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'postgres';

-- CreateTable
CREATE TABLE "sample_rollups" (
    "target_id" UUID NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "samples" INTEGER NOT NULL,
    "figures" JSONB NOT NULL,

    CONSTRAINT "sample_rollups_pkey" PRIMARY KEY ("target_id","bucket")
);

-- CreateTable
CREATE TABLE "pooler_samples" (
    "target_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "database" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "cl_active" INTEGER NOT NULL,
    "cl_waiting" INTEGER NOT NULL,
    "sv_active" INTEGER NOT NULL,
    "sv_idle" INTEGER NOT NULL,
    "sv_used" INTEGER NOT NULL,
    "max_wait_seconds" DOUBLE PRECISION NOT NULL,
    "avg_query_ms" DOUBLE PRECISION,
    "avg_wait_ms" DOUBLE PRECISION,
    "queries_per_sec" DOUBLE PRECISION,

    CONSTRAINT "pooler_samples_pkey" PRIMARY KEY ("target_id","at","database","user")
);

-- CreateTable
CREATE TABLE "drill_reports" (
    "id" UUID NOT NULL,
    "target_id" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "started_by" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "params" JSONB NOT NULL,
    "peak_connections" INTEGER,
    "first_refusal_at" TIMESTAMPTZ(3),
    "latency_curve" JSONB,
    "error" TEXT,

    CONSTRAINT "drill_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "drill_reports_target_id_started_at_idx" ON "drill_reports"("target_id", "started_at");

-- AddForeignKey
ALTER TABLE "sample_rollups" ADD CONSTRAINT "sample_rollups_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pooler_samples" ADD CONSTRAINT "pooler_samples_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drill_reports" ADD CONSTRAINT "drill_reports_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
