-- Incident updates where people are (issue 11, part 4): roles beyond the commander, the channel an
-- incident's updates are posted to (a Slack receiver, or the one marked default), and the overdue
-- period the last status-update reminder was sent for.
ALTER TABLE "incidents" ADD COLUMN "scribe" TEXT NOT NULL DEFAULT '',
ADD COLUMN "communications_lead" TEXT NOT NULL DEFAULT '',
ADD COLUMN "channel_id" UUID,
ADD COLUMN "reminded_for" TIMESTAMPTZ(3);

ALTER TABLE "receivers" ADD COLUMN "default_channel" BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE "incidents" ADD CONSTRAINT "incidents_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "receivers"("id") ON DELETE SET NULL ON UPDATE CASCADE;
