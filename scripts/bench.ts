/**
 * `npm run bench`: Lifeguard's performance figures, measured on this machine in this run.
 * Prints a table; asserts nothing (the machines are shared and noisy: read the figures).
 *
 *  - sampling query time on a target holding 10 / 100 / 400 client connections
 *  - series query time for 1 h, 24 h and 7 days of 1 s samples at 1,000 points
 *  - latest-snapshot query time
 *  - load on the running app (scripts/bench-load.ts): requests/s, p99, errors, server memory
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SAMPLE_SQL } from '../lib/collector/sample-query';
import { createDb } from '../lib/db';
import { querySeries } from '../lib/samples/series';
import { latestSnapshot } from '../lib/samples/snapshot';
import { startLocalPostgres, type LocalPostgres } from '../lib/store/local-postgres';
import { migrate } from '../lib/store/migrate';
import { benchLoad } from './bench-load';

const rows: [string, string, string][] = [];
const servers: LocalPostgres[] = [];
const dirs: string[] = [];

async function server(maxConnections: number): Promise<LocalPostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-bench-'));
  dirs.push(dir);
  const started = await startLocalPostgres({ dir, maxConnections });
  servers.push(started);
  return started;
}

/** Median and p95 of `runs` timed calls, after a few warm-up calls. */
async function time(runs: number, fn: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < 3; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(2);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms`;
}

async function benchSamplingQuery(): Promise<void> {
  const target = await server(450);
  const sampler = new pg.Client({ connectionString: target.url(), application_name: 'lifeguard' });
  await sampler.connect();
  const held: pg.Client[] = [];
  for (const count of [10, 100, 400]) {
    while (held.length < count) {
      const client = new pg.Client({ connectionString: target.url(), application_name: `app-${held.length % 7}` });
      await client.connect();
      held.push(client);
    }
    rows.push([`sampling query, ${count} client connections`, await time(200, () => sampler.query(SAMPLE_SQL)), '200 runs']);
  }
  await Promise.all([...held, sampler].map((client) => client.end()));
}

async function benchSeries(): Promise<void> {
  const store = await server(50);
  const url = store.url();
  await migrate(url);
  const db = createDb(url);
  const { id } = await db.target.create({ data: { name: 'bench', url: 'postgres://u@127.0.0.1/db' } });
  const seconds = 7 * 86_400;
  const end = Date.now();
  const start = end - seconds * 1000;
  const loadStart = performance.now();
  await db.$executeRaw`
    INSERT INTO samples (target_id, at, max_connections, reserved_connections, total, active, idle, probe_latency_ms)
    SELECT ${id}::uuid, to_timestamp((${start}::bigint + s * 1000) / 1000.0), 100, 3, (s % 97), (s % 13), (s % 97) - (s % 13), 0.4
    FROM generate_series(0, ${seconds - 1}) s`;
  await db.$executeRawUnsafe('VACUUM ANALYZE samples');
  rows.push(['store load, 7 days of 1 s samples', `${seconds.toLocaleString('en')} rows in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`, '']);
  for (const [label, rangeMs] of [['1 h', 3600_000], ['24 h', 86_400_000], ['7 days', seconds * 1000]] as const) {
    const from = end - rangeMs;
    rows.push([`series query, ${label} at 1,000 points`, await time(20, () => querySeries(db, { targetId: id, metric: 'total', from, to: end, points: 1000 })), '20 runs']);
  }
  rows.push(['latest snapshot query', await time(200, () => latestSnapshot(db, id)), '200 runs']);
  await db.$disconnect();
}

try {
  await benchSamplingQuery();
  await benchSeries();
  // Its own servers and app: the ones above are stopped first, so they do not share the CPU.
  for (const started of servers.splice(0)) await started.stop();
  rows.push(...(await benchLoad()));
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\nLifeguard benchmarks (${new Date().toISOString()}, node ${process.version})\n`);
  for (const [name, figure, note] of rows) console.log(`${name.padEnd(width)}  ${figure}${note ? `  (${note})` : ''}`);
} finally {
  for (const started of servers) await started.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}
