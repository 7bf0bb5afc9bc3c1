-- AlterTable
ALTER TABLE "targets" ADD COLUMN     "allow_remediation" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "remediation_requests" (
    "id" UUID NOT NULL,
    "target_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "dry_run" BOOLEAN NOT NULL,
    "filter" JSONB NOT NULL,
    "pids" INTEGER[],
    "requested_by" TEXT NOT NULL,
    "actor_kind" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "finished_at" TIMESTAMPTZ(3),
    "sessions" JSONB,
    "count" INTEGER,
    "error_status" INTEGER,
    "error" TEXT,

    CONSTRAINT "remediation_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "remediation_requests_status_target_id_idx" ON "remediation_requests"("status", "target_id");

-- AddForeignKey
ALTER TABLE "remediation_requests" ADD CONSTRAINT "remediation_requests_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
