-- CreateTable
CREATE TABLE "pool_reports" (
    "id" UUID NOT NULL,
    "application" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "target" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "pool_max" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "idle" INTEGER NOT NULL,
    "waiting" INTEGER NOT NULL,
    "queries" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "p50_ms" DOUBLE PRECISION,
    "p95_ms" DOUBLE PRECISION,
    "p99_ms" DOUBLE PRECISION,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pool_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "pool_reports_at_idx" ON "pool_reports"("at");

-- CreateIndex
CREATE UNIQUE INDEX "pool_reports_application_instance_at_key" ON "pool_reports"("application", "instance", "at");
