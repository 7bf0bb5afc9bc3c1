-- PagerDuty receivers (issue 11): the Events v2 integration's routing key, a secret kept like the
-- receivers' URLs (admins only, never in the audit log). Null for the other kinds.
ALTER TABLE "receivers" ADD COLUMN "routing_key" TEXT;
