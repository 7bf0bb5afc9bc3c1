-- CreateTable
CREATE TABLE "alert_rules" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "built_in" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "metric" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "target_id" UUID,
    "comparator" TEXT NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "for_seconds" INTEGER NOT NULL,
    "hysteresis" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "severity" TEXT NOT NULL,
    "auto_incident" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "rule_id" UUID NOT NULL,
    "target_id" UUID NOT NULL,
    "application" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "active_at" TIMESTAMPTZ(3),
    "since" TIMESTAMPTZ(3) NOT NULL,
    "fired_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "false_since" TIMESTAMPTZ(3),
    "acknowledged_by" TEXT,
    "acknowledged_at" TIMESTAMPTZ(3),
    "incident_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_events" (
    "id" UUID NOT NULL,
    "alert_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "value" DOUBLE PRECISION,

    CONSTRAINT "alert_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "silences" (
    "id" UUID NOT NULL,
    "rule_id" UUID,
    "target_id" UUID,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "silences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "receivers" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "receivers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deliveries" (
    "id" UUID NOT NULL,
    "receiver_id" UUID NOT NULL,
    "alert_id" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "response_status" INTEGER,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alerts_target_id_state_idx" ON "alerts"("target_id", "state");

-- CreateIndex
CREATE UNIQUE INDEX "alerts_rule_id_target_id_application_key" ON "alerts"("rule_id", "target_id", "application");

-- CreateIndex
CREATE INDEX "alert_events_alert_id_at_idx" ON "alert_events"("alert_id", "at");

-- CreateIndex
CREATE INDEX "silences_ends_at_idx" ON "silences"("ends_at");

-- CreateIndex
CREATE INDEX "deliveries_status_next_attempt_at_idx" ON "deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "deliveries_receiver_id_created_at_idx" ON "deliveries"("receiver_id", "created_at");

-- AddForeignKey
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "silences" ADD CONSTRAINT "silences_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "silences" ADD CONSTRAINT "silences_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_receiver_id_fkey" FOREIGN KEY ("receiver_id") REFERENCES "receivers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Seed: the built-in alert rules, on for every target (target_id NULL). Fixed ids so that code,
-- tests and documentation can name them; lib/alerts/builtin.ts lists the same ids.
INSERT INTO "alert_rules" ("id", "name", "built_in", "enabled", "metric", "scope", "target_id", "comparator", "threshold", "for_seconds", "hysteresis", "severity", "auto_incident") VALUES
  ('00000000-0000-4000-8000-000000000201', 'Connection usage high', true, true, 'usagePercent', 'target', NULL, 'above', 80, 30, 5, 'warning', false),
  ('00000000-0000-4000-8000-000000000202', 'Connection usage critical', true, true, 'usagePercent', 'target', NULL, 'above', 95, 0, 0, 'critical', false),
  ('00000000-0000-4000-8000-000000000203', 'Refusing connections', true, true, 'refusing', 'target', NULL, 'above', 1, 0, 0, 'critical', true),
  ('00000000-0000-4000-8000-000000000204', 'Pool clients waiting', true, true, 'poolWaiting', 'application', NULL, 'above', 1, 30, 0, 'warning', false),
  ('00000000-0000-4000-8000-000000000205', 'Query latency p95 high', true, true, 'p95LatencyMs', 'application', NULL, 'above', 500, 60, 0, 'warning', false),
  ('00000000-0000-4000-8000-000000000206', 'Query error rate high', true, true, 'errorRate', 'application', NULL, 'above', 5, 60, 0, 'warning', false),
  ('00000000-0000-4000-8000-000000000207', 'Target unreachable', true, true, 'unreachable', 'target', NULL, 'above', 1, 10, 0, 'critical', false),
  ('00000000-0000-4000-8000-000000000208', 'Time to exhaustion', true, true, 'timeToExhaustionSeconds', 'target', NULL, 'below', 300, 0, 0, 'warning', false);
