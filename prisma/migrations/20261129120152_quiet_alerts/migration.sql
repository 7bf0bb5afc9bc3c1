-- Quiet alerts (issue 15): keep_firing_for per rule, Alertmanager-style grouping per receiver,
-- and deliveries that are one message per group of alerts instead of one per alert transition.

-- AlterTable
ALTER TABLE "alert_rules" ADD COLUMN     "keep_firing_for_seconds" INTEGER NOT NULL DEFAULT 0;

-- The built-in critical rules keep firing for a minute after their condition last held: a
-- saturated server hovers around its limit, and each dip must not resolve (and page) again.
-- They still fire at once. Rules someone already tuned are changed too: the default was 0.
UPDATE "alert_rules" SET "keep_firing_for_seconds" = 60
WHERE "built_in" AND "id" IN (
  '00000000-0000-4000-8000-000000000202', -- Connection usage critical
  '00000000-0000-4000-8000-000000000203', -- Refusing connections
  '00000000-0000-4000-8000-000000000207', -- Target unreachable
  '00000000-0000-4000-8000-000000000210'  -- PgBouncer max wait high
);

-- AlterTable
ALTER TABLE "receivers" ADD COLUMN     "group_by" TEXT[] DEFAULT ARRAY['target']::TEXT[],
ADD COLUMN     "group_interval_seconds" INTEGER NOT NULL DEFAULT 300,
ADD COLUMN     "group_wait_seconds" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "repeat_interval_seconds" INTEGER NOT NULL DEFAULT 14400;

-- AlterTable: written by hand (the engine drops alert_id and adds a NOT NULL group_key, which
-- fails on a table with rows). Past deliveries become groups of one, in the new payload shape,
-- so the delivery log and the worker (a pending retry) read them like any other.
ALTER TABLE "deliveries" ADD COLUMN     "alert_ids" UUID[],
ADD COLUMN     "group_key" TEXT;

UPDATE "deliveries" SET
  "alert_ids" = ARRAY["alert_id"],
  "group_key" = 'alert=' || "alert_id"::text,
  "payload" = jsonb_build_object(
    'groupKey', 'alert=' || "alert_id"::text,
    'groupLabels', jsonb_strip_nulls(jsonb_build_object('targetId', "payload"->'alert'->'targetId', 'targetName', "payload"->'alert'->'targetName')),
    'status', "event",
    'firing', CASE WHEN "event" = 'firing' THEN jsonb_build_array("payload"->'alert') ELSE '[]'::jsonb END,
    'resolved', CASE WHEN "event" = 'resolved' THEN jsonb_build_array("payload"->'alert') ELSE '[]'::jsonb END
  );

ALTER TABLE "deliveries" ALTER COLUMN "group_key" SET NOT NULL;

-- DropForeignKey
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_alert_id_fkey";

ALTER TABLE "deliveries" DROP COLUMN "alert_id";

-- CreateTable
CREATE TABLE "notification_groups" (
    "id" UUID NOT NULL,
    "receiver_id" UUID NOT NULL,
    "group_key" TEXT NOT NULL,
    "notified" JSONB NOT NULL DEFAULT '[]',
    "unsent" JSONB NOT NULL DEFAULT '[]',
    "last_sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_groups_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notification_groups_receiver_id_group_key_key" ON "notification_groups"("receiver_id", "group_key");

-- CreateIndex
CREATE INDEX "deliveries_created_at_idx" ON "deliveries"("created_at");

-- AddForeignKey
ALTER TABLE "notification_groups" ADD CONSTRAINT "notification_groups_receiver_id_fkey" FOREIGN KEY ("receiver_id") REFERENCES "receivers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
