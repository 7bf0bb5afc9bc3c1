-- AlterTable
ALTER TABLE "pool_reports" ADD COLUMN     "refusals" INTEGER;

-- CreateTable
CREATE TABLE "pooler_sample_rollups" (
    "target_id" UUID NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "database" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "samples" INTEGER NOT NULL,
    "cl_active" INTEGER NOT NULL,
    "cl_waiting" INTEGER NOT NULL,
    "sv_active" INTEGER NOT NULL,
    "sv_idle" INTEGER NOT NULL,
    "sv_used" INTEGER NOT NULL,
    "max_wait_seconds" DOUBLE PRECISION NOT NULL,
    "avg_query_ms" DOUBLE PRECISION,
    "avg_wait_ms" DOUBLE PRECISION,
    "queries_per_sec" DOUBLE PRECISION,

    CONSTRAINT "pooler_sample_rollups_pkey" PRIMARY KEY ("target_id","bucket","database","user")
);

-- CreateTable
CREATE TABLE "postmortem_figures" (
    "incident_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3) NOT NULL,
    "figures" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "postmortem_figures_pkey" PRIMARY KEY ("incident_id")
);

-- CreateTable
CREATE TABLE "pool_report_rollups" (
    "application" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "target" TEXT,
    "reports" INTEGER NOT NULL,
    "pool_max" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "idle" INTEGER NOT NULL,
    "waiting" INTEGER NOT NULL,
    "queries" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "refusals" INTEGER,
    "p50_ms" DOUBLE PRECISION,
    "p95_ms" DOUBLE PRECISION,
    "p99_ms" DOUBLE PRECISION,

    CONSTRAINT "pool_report_rollups_pkey" PRIMARY KEY ("application","instance","bucket")
);

-- CreateTable
CREATE TABLE "maintenance_marks" (
    "job" TEXT NOT NULL,
    "mark" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "maintenance_marks_pkey" PRIMARY KEY ("job")
);

-- CreateIndex
CREATE INDEX "pool_report_rollups_bucket_idx" ON "pool_report_rollups"("bucket");

-- CreateIndex
CREATE INDEX "pool_reports_received_at_idx" ON "pool_reports" USING BRIN ("received_at");

-- AddForeignKey
ALTER TABLE "pooler_sample_rollups" ADD CONSTRAINT "pooler_sample_rollups_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "postmortem_figures" ADD CONSTRAINT "postmortem_figures_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
