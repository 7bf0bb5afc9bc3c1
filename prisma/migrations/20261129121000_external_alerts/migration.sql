-- Alerts received from Alertmanager / Grafana webhooks (issue 11), one row per alert episode.
-- CreateTable
CREATE TABLE "external_alerts" (
    "id" UUID NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "group_key" TEXT NOT NULL,
    "alertname" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "target_id" UUID,
    "incident_id" UUID,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "external_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "external_alerts_group_key_idx" ON "external_alerts"("group_key");

-- CreateIndex
CREATE UNIQUE INDEX "external_alerts_fingerprint_starts_at_key" ON "external_alerts"("fingerprint", "starts_at");

-- AddForeignKey
ALTER TABLE "external_alerts" ADD CONSTRAINT "external_alerts_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "external_alerts" ADD CONSTRAINT "external_alerts_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;
