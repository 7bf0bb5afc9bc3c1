-- Built-in alert rules for PgBouncer targets (data only; the metrics apply to kind = 'pgbouncer').
-- Clients queued for a server connection for 30 s; the oldest waiting 5 s or more for 10 s.
INSERT INTO "alert_rules" ("id", "name", "built_in", "enabled", "metric", "scope", "target_id", "comparator", "threshold", "for_seconds", "hysteresis", "severity", "auto_incident") VALUES
  ('00000000-0000-4000-8000-000000000209', 'PgBouncer clients waiting', true, true, 'poolerWaiting', 'target', NULL, 'above', 1, 30, 0, 'warning', false),
  ('00000000-0000-4000-8000-000000000210', 'PgBouncer max wait high', true, true, 'poolerMaxWaitSeconds', 'target', NULL, 'above', 5, 10, 0, 'critical', false)
ON CONFLICT ("id") DO NOTHING;
