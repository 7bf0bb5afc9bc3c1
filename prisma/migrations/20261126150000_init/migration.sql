-- CreateTable
CREATE TABLE "targets" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "interval_ms" INTEGER NOT NULL DEFAULT 1000,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "targets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "samples" (
    "target_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "max_connections" INTEGER,
    "reserved_connections" INTEGER,
    "total" INTEGER,
    "active" INTEGER,
    "idle" INTEGER,
    "idle_in_transaction" INTEGER,
    "idle_in_transaction_aborted" INTEGER,
    "waiting" INTEGER,
    "oldest_xact_seconds" DOUBLE PRECISION,
    "probe_latency_ms" DOUBLE PRECISION,
    "connect_latency_ms" DOUBLE PRECISION,
    "commits_per_sec" DOUBLE PRECISION,
    "rollbacks_per_sec" DOUBLE PRECISION,
    "deadlocks_per_sec" DOUBLE PRECISION,
    "applications" JSONB,
    "error" TEXT,
    "error_code" TEXT,

    CONSTRAINT "samples_pkey" PRIMARY KEY ("target_id","at")
);

-- CreateIndex
CREATE UNIQUE INDEX "targets_name_key" ON "targets"("name");

-- AddForeignKey
ALTER TABLE "samples" ADD CONSTRAINT "samples_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
