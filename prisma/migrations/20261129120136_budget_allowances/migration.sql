-- AlterTable
ALTER TABLE "pool_reports" ADD COLUMN     "allowance" INTEGER,
ADD COLUMN     "guarded" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "budget_policies" (
    "target_id" UUID NOT NULL,
    "headroom_percent" INTEGER NOT NULL DEFAULT 10,
    "weights" JSONB NOT NULL DEFAULT '{}',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_policies_pkey" PRIMARY KEY ("target_id")
);

-- AddForeignKey
ALTER TABLE "budget_policies" ADD CONSTRAINT "budget_policies_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
