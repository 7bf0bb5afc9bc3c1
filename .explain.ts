import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startLocalPostgres } from './lib/store/local-postgres';
import { migrate } from './lib/store/migrate';
import { createDb } from './lib/store/db';
import { ensureSamplePartitions } from './lib/samples/partitions';
import { rollupOnce } from './lib/samples/rollup';

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), 'lg-explain-'));
  const server = await startLocalPostgres({ dir });
  const c = new pg.Client({ connectionString: server.url() });
  try {
    await migrate(server.url());
    await c.connect();
    await c.query(`DROP TABLE samples_legacy`);
    const db = createDb(server.url());
    const DAY = 86_400_000;
    for (let i = -3; i <= 0; i++) await ensureSamplePartitions(db, new Date(Date.now() + i * DAY));
    await c.query(`INSERT INTO targets (id, name, url) SELECT gen_random_uuid(), 't' || i, 'postgres://x@127.0.0.1/x' FROM generate_series(1, 20) i`);
    await c.query(`INSERT INTO samples (target_id, at, max_connections, reserved_connections, total, active, idle, new_backends, error_code)
      SELECT t.id, now() - s * interval '10 seconds', 100, 3, s % 90, 1, 1, s % 5, CASE WHEN s % 100 = 0 THEN '53300' END FROM targets t, generate_series(0, 3 * 8640) s`);
    await rollupOnce(db, { maxSpanMs: 10 * DAY });
    await c.query('VACUUM ANALYZE');
    await db.$disconnect();
    const t = (await c.query(`SELECT id FROM targets LIMIT 1`)).rows[0].id;
    const queries: [string, string][] = [
      ['series raw (1 h)', `SELECT floor(extract(epoch FROM at)) AS b, max(total) FROM samples WHERE target_id = '${t}' AND at >= now() - interval '1 hour' AND at < now() GROUP BY 1`],
      ['series-rollup raw tail', `WITH mark AS (SELECT coalesce(max(bucket) + interval '1 minute', '-infinity'::timestamptz) AS until FROM sample_rollups WHERE target_id = '${t}')
        SELECT date_trunc('minute', s.at), max(total) FROM samples s, mark WHERE s.target_id = '${t}' AND s.at >= greatest(now() - interval '2 days', mark.until) AND s.at < now() GROUP BY 1`],
      ['latest snapshot', `SELECT * FROM samples WHERE target_id = '${t}' ORDER BY at DESC LIMIT 1`],
      ['snapshot at', `SELECT * FROM samples WHERE target_id = '${t}' AND at <= now() - interval '30 hours' ORDER BY at DESC LIMIT 1`],
      ['latest per target (alert round)', `SELECT t.id, s.at FROM targets t CROSS JOIN LATERAL (SELECT * FROM samples WHERE target_id = t.id ORDER BY at DESC LIMIT 1) s`],
      ['alert round 60 s totals', `SELECT s.target_id, s.at, s.total FROM targets t JOIN samples s ON s.target_id = t.id AND s.at >= now() - interval '60 seconds' AND s.total IS NOT NULL ORDER BY s.target_id, s.at`],
      ['finding peak', `SELECT at FROM samples WHERE target_id = '${t}' AND at >= now() - interval '2 hours' AND at <= now() AND total IS NOT NULL ORDER BY total DESC, at ASC LIMIT 1`],
      ['rollup span', `SELECT date_trunc('minute', min(s.at)) FROM samples s WHERE s.target_id = '${t}' AND s.at >= now() - interval '3 minutes'`],
      ['refusals since cursor', `SELECT t.id, count(s.at) FROM targets t LEFT JOIN samples s ON s.target_id = t.id AND s.at >= now() - interval '30 seconds' AND s.at < now() AND s.error_code = ANY('{53300}') GROUP BY t.id`],
    ];
    for (const [name, sql] of queries) {
      const plan = await c.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ${sql}`);
      console.log(`\n### ${name}\n` + plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
  } finally {
    await c.end().catch(() => {});
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
main().catch((e) => { console.error(e); process.exitCode = 1; });
