/**
 * Measures what each table that grows with time costs on disk, for docs/operations.md#retention-and-rollups.
 *
 *   npx tsx --conditions=react-server scripts/measure-retention.ts   (about half a minute; ROWS=… changes the sample size)
 *
 * Starts a throwaway embedded PostgreSQL, applies the migrations, inserts a known number of rows
 * shaped like production's into each table (with its indexes) — the minute rollups written by
 * Lifeguard's own rollup jobs from those rows — VACUUMs, and divides the growth of
 * pg_total_relation_size (heap, indexes, TOAST) by the rows. Rows per day come from how
 * often each is written: a sample per target per second, a pool report per instance every 5 s, a
 * PgBouncer pool row per pool per second, a rollup row per minute; the others per event. A sample
 * carries six holders and the server_stats the collector reads from this very server. Prints a
 * Markdown table. Nothing but a temp dir is touched.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { rollupReportsOnce } from '../lib/applications/rollup';
import { SAMPLE_SQL } from '../lib/collector/sample-query';
import { rollupPoolerOnce } from '../lib/pooler/rollup';
import { rollupOnce } from '../lib/samples/rollup';
import { createDb, type Db } from '../lib/store/db';
import { startLocalPostgres } from '../lib/store/local-postgres';
import { migrate } from '../lib/store/migrate';

const ROWS = Number(process.env.ROWS ?? 100_000);

interface Measure {
  table: string;
  /** What one "unit" is, for the per-day figure. */
  per: string;
  /** Rows per unit per day; null for rows written per event. */
  rowsPerDay: number | null;
  /** Rows inserted; null when they are written by the rollup below and counted. */
  rows: number | null;
  /** An INSERT of raw rows, or the rollup that writes this table from the raw rows inserted before. */
  insert: string | ((db: Db) => Promise<unknown>);
}

const ROLLUP_OPTIONS = { now: new Date('2026-12-31T00:00:00Z'), maxSpanMs: 3650 * 86_400_000 };

const T0 = "timestamptz '2026-11-01 00:00:00+00'";
// Six holders, as the demo's target has: the applications JSON is most of a sample's size.
const HOLDERS = JSON.stringify(
  Array.from({ length: 6 }, (_, i) => ({ name: `worksmart-web`, clientAddr: `10.0.0.${i + 1}`, total: 16, active: 9, idle: 6, idleInTransaction: 1 })),
);
const ALERT = {
  id: '00000000-0000-4000-8000-000000000001', ruleId: '00000000-0000-4000-8000-000000000201', rule: 'Connection usage high', metric: 'usagePercent', scope: 'target',
  severity: 'critical', state: 'firing', targetId: '00000000-0000-4000-8000-000000000002', targetName: 'production', application: '', value: 97.9, threshold: 90,
  comparator: 'above', forSeconds: 30, since: '2026-11-26T10:05:00.000Z', activeAt: '2026-11-26T10:04:30.000Z', firedAt: '2026-11-26T10:05:00.000Z',
  resolvedAt: null, acknowledgedBy: null, acknowledgedAt: null, silenced: false, silencedUntil: null, incidentId: null,
  summary: 'production: connection usage 97.9 % of usable connections, above 90 % for 30 s',
  chartUrl: '/targets/00000000-0000-4000-8000-000000000002?from=1764150000000&to=1764151200000',
};
// A notification of a group of one firing alert, as lib/alerts/notify sends it.
const GROUP_PAYLOAD = JSON.stringify({ groupKey: 'target=production', groupLabels: { targetId: ALERT.targetId, targetName: 'production' }, status: 'firing', firing: [ALERT], resolved: [] });
const CURVE = JSON.stringify(Array.from({ length: 120 }, (_, i) => ({ at: `2026-11-26T10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z`, requestsPerSec: 240 + i, errorsPerSec: i % 7, p50Ms: 3.2, p95Ms: 41.5 + i, connections: 60 + (i % 40) })));

function measures(targetId: string, bouncerId: string, alertId: string, receiverId: string, serverStats: string): Measure[] {
  const second = (n: string) => `${T0} + ${n} * interval '1 second'`;
  const minute = (n: string) => `${T0} + ${n} * interval '1 minute'`;
  return [
    {
      table: 'samples', per: 'target (1 s interval)', rowsPerDay: 86_400, rows: ROWS,
      insert: `INSERT INTO samples (target_id, at, max_connections, reserved_connections, total, active, idle, idle_in_transaction, idle_in_transaction_aborted, waiting, oldest_xact_seconds, probe_latency_ms, connect_latency_ms, commits_per_sec, rollbacks_per_sec, deadlocks_per_sec, applications, server_stats)
               SELECT '${targetId}', ${second('s')}, 100, 3, 97, 54, 36, 6, 1, 2, 12.5, 0.8, 3.1, 210.5, 0.4, 0, '${HOLDERS}'::jsonb, '${serverStats}'::jsonb FROM generate_series(1, ${ROWS}) s`,
    },
    {
      table: 'sample_rollups', per: 'target', rowsPerDay: 1440, rows: null,
      insert: (db) => rollupOnce(db, ROLLUP_OPTIONS),
    },
    {
      table: 'pool_reports', per: 'instance (5 s reports)', rowsPerDay: 17_280, rows: ROWS,
      insert: `INSERT INTO pool_reports (id, application, instance, target, at, received_at, pool_max, total, idle, waiting, queries, errors, refusals, p50_ms, p95_ms, p99_ms)
               SELECT gen_random_uuid(), 'worksmart-web', 'web-' || (s % 12), 'production', ${second('s')}, ${second('s')}, 50, 48, 3, 12, 1200, 85, 40, 180.5, 4200.25, 5000 FROM generate_series(1, ${ROWS}) s`,
    },
    {
      table: 'pool_report_rollups', per: 'instance', rowsPerDay: 1440, rows: null,
      insert: (db) => rollupReportsOnce(db, { ...ROLLUP_OPTIONS, rawRetentionMs: ROLLUP_OPTIONS.maxSpanMs }),
    },
    {
      table: 'pooler_samples', per: 'PgBouncer pool (1 s interval)', rowsPerDay: 86_400, rows: ROWS,
      insert: `INSERT INTO pooler_samples (target_id, at, database, "user", cl_active, cl_waiting, sv_active, sv_idle, sv_used, max_wait_seconds, avg_query_ms, avg_wait_ms, queries_per_sec)
               SELECT '${bouncerId}', ${second('s')}, 'orders', 'orders_app', 40, 3, 20, 2, 0, 0.35, 2.5, 0.8, 850.5 FROM generate_series(1, ${ROWS}) s`,
    },
    {
      table: 'pooler_sample_rollups', per: 'PgBouncer pool', rowsPerDay: 1440, rows: null,
      insert: (db) => rollupPoolerOnce(db, ROLLUP_OPTIONS),
    },
    {
      table: 'alert_events', per: 'transition', rowsPerDay: null, rows: ROWS / 5,
      insert: `INSERT INTO alert_events (id, alert_id, at, "from", "to", value) SELECT gen_random_uuid(), '${alertId}', ${second('s')}, 'pending', 'firing', 97.9 FROM generate_series(1, ${ROWS / 5}) s`,
    },
    {
      table: 'external_alerts', per: 'Alertmanager alert', rowsPerDay: null, rows: ROWS / 5,
      insert: `INSERT INTO external_alerts (id, fingerprint, starts_at, group_key, alertname, status, labels, received_at, resolved_at)
               SELECT gen_random_uuid(), md5(s::text), ${second('s')}, '{}/{}:{alertname="PostgresTooManyConnections"}', 'PostgresTooManyConnections', 'resolved',
                      '{"alertname": "PostgresTooManyConnections", "severity": "critical", "instance": "db-1:9187", "job": "postgres", "datname": "worksmart", "server": "production"}'::jsonb,
                      ${second('s')}, ${second('s')} + interval '5 minutes' FROM generate_series(1, ${ROWS / 5}) s`,
    },
    {
      table: 'deliveries', per: 'notification', rowsPerDay: null, rows: ROWS / 5,
      insert: `INSERT INTO deliveries (id, receiver_id, group_key, alert_ids, event, status, attempts, response_status, payload, created_at, delivered_at, next_attempt_at)
               SELECT gen_random_uuid(), '${receiverId}', 'target=production', ARRAY['${alertId}'::uuid], 'firing', 'delivered', 1, 200, '${GROUP_PAYLOAD}'::jsonb,
                      ${second('s')}, ${second('s')}, ${second('s')} FROM generate_series(1, ${ROWS / 5}) s`,
    },
    {
      table: 'drill_reports', per: 'drill (2 min)', rowsPerDay: null, rows: ROWS / 50,
      insert: `INSERT INTO drill_reports (id, target_id, status, started_by, started_at, finished_at, params, peak_connections, first_refusal_at, latency_curve)
               SELECT gen_random_uuid(), '${targetId}', 'finished', 'ops@example.com', ${minute('s')}, ${minute('s')} + interval '2 minutes',
                      '{"instances": 6, "poolMax": 50, "durationSeconds": 120, "peakRatePerInstance": 60, "applicationName": "lifeguard-drill"}'::jsonb,
                      97, ${minute('s')} + interval '40 seconds', '${CURVE}'::jsonb FROM generate_series(1, ${ROWS / 50}) s`,
    },
    {
      table: 'audit_entries', per: 'change', rowsPerDay: null, rows: ROWS / 5,
      insert: `INSERT INTO audit_entries (id, at, actor, action, subject_type, subject_id, details)
               SELECT gen_random_uuid(), ${second('s')}, 'alice@example.com', 'rule.update', 'alert_rule', '00000000-0000-4000-8000-000000000201',
                      '{"threshold": {"from": 90, "to": 85}}'::jsonb FROM generate_series(1, ${ROWS / 5}) s`,
    },
  ];
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-measure-'));
  const server = await startLocalPostgres({ dir });
  const client = new pg.Client({ connectionString: server.url() });
  let db: Db | undefined;
  try {
    await migrate(server.url());
    await client.connect();
    db = createDb(server.url());
    const target = await client.query<{ id: string }>(`INSERT INTO targets (id, name, url) VALUES (gen_random_uuid(), 'production', 'postgres://x@127.0.0.1/x') RETURNING id`);
    const targetId = target.rows[0]!.id;
    const bouncer = await client.query<{ id: string }>(`INSERT INTO targets (id, name, url, kind) VALUES (gen_random_uuid(), 'bouncer', 'postgres://x@127.0.0.1/pgbouncer', 'pgbouncer') RETURNING id`);
    const rule = await client.query<{ id: string }>(`SELECT id FROM alert_rules WHERE built_in LIMIT 1`);
    const alert = await client.query<{ id: string }>(`INSERT INTO alerts (id, rule_id, target_id, state, since, updated_at) VALUES (gen_random_uuid(), $1, $2, 'firing', now(), now()) RETURNING id`, [rule.rows[0]!.id, targetId]);
    const receiver = await client.query<{ id: string }>(`INSERT INTO receivers (id, name, kind, url) VALUES (gen_random_uuid(), 'hook', 'webhook', 'http://127.0.0.1:9/') RETURNING id`);
    // A sample's server_stats as the collector reads them, with two applications connected.
    const apps = await Promise.all(['worksmart-web', 'worksmart-web', 'worksmart-worker'].map(async (name) => {
      const app = new pg.Client({ connectionString: server.url(), application_name: name });
      await app.connect();
      return app;
    }));
    const stats = JSON.stringify((await client.query<{ server_stats: unknown }>(SAMPLE_SQL)).rows[0]?.server_stats ?? null);
    await Promise.all(apps.map((app) => app.end()));
    console.log('| table | one row per | rows / day | bytes / row (with indexes) | MiB / day | rows measured |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: |');
    for (const measure of measures(targetId, bouncer.rows[0]!.id, alert.rows[0]!.id, receiver.rows[0]!.id, stats.replaceAll("'", "''"))) {
      const size = async () => Number((await client.query<{ size: string }>(`SELECT pg_total_relation_size($1::regclass) AS size`, [measure.table])).rows[0]!.size);
      await client.query(`VACUUM ANALYZE ${measure.table}`);
      const before = await size();
      if (typeof measure.insert === 'string') await client.query(measure.insert);
      else await measure.insert(db);
      await client.query(`VACUUM ANALYZE ${measure.table}`);
      const rows = measure.rows ?? Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${measure.table}`)).rows[0]!.n);
      const perRow = (await size() - before) / rows;
      const perDay = measure.rowsPerDay === null ? '' : ((perRow * measure.rowsPerDay) / 1024 / 1024).toFixed(2);
      console.log(`| ${measure.table} | ${measure.per} | ${measure.rowsPerDay?.toLocaleString('en') ?? 'per event'} | ${perRow.toFixed(0)} | ${perDay} | ${rows.toLocaleString('en')} |`);
    }
    console.log(`\nRollups written by Lifeguard's own rollup jobs from the raw rows above; PostgreSQL ${(await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version}.`);
  } finally {
    await db?.$disconnect();
    await client.end().catch(() => {});
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
