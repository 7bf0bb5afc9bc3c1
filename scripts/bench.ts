/**
 * `npm run bench`: Lifeguard's performance figures, measured on this machine in this run, printed
 * as ONE table at the end. Asserts nothing (the machines are shared and noisy: read the figures).
 * Durations come from the environment (scripts/bench-support.ts): BENCH_LOAD_SECONDS,
 * BENCH_DEMO_MINUTES (default 10), BENCH_QUICK=1 for a short smoke run of every figure;
 * BENCH_ONLY=word,… runs only the sections whose names contain one of the words.
 *
 *  - sampling query time on a target holding 10 / 100 / 500 client connections, and 500 with 50
 *    of them waiting on a lock (the only time the blocking tree is read)
 *  - series query time for 1 h, 24 h and 7 days of 1 s samples at 1,000 points (public
 *    querySeries, with the minute rollups filled; baseline: the same range scanned raw)
 *  - collector CPU per target at 1 s (scripts/bench-collector.ts)
 *  - Lifeguard's connections per target and end-to-end freshness (scripts/bench-browser.ts)
 *  - first-load JS of the dashboard, gzip (scripts/bench-bundle.ts, after the build)
 *  - ingest and read load on the running app (scripts/bench-load.ts)
 *  - server memory during the demo (scripts/bench-demo.ts)
 *  - the demo's surge unguarded and guarded: refusals, peak connections, p95 (scripts/bench-guard.ts)
 *  - 100 and 300 targets on one machine (scripts/bench-targets.ts)
 *  - the incident crowd: 100 viewers of one target page, server CPU and API p95 (scripts/bench-crowd.ts)
 *  - GET /metrics with 100 targets sampled, on the running app (scripts/bench-metrics.ts)
 *  - the cost of retention: a day of 100 targets' samples dropped as a partition vs deleted row
 *    by row (scripts/bench-retention.ts)
 * A section that fails prints its error in the table; the others still run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SAMPLE_SQL } from '../lib/collector/sample-query';
import { config } from '../lib/config';
import { createDb } from '../lib/store/db';
import { rollupOnce } from '../lib/samples/rollup';
import { planSeries, querySeries } from '../lib/samples/series';
import { bucketSql } from '../lib/samples/series-sql';
import { latestSnapshot } from '../lib/samples/snapshot';
import { startLocalPostgres, type LocalPostgres } from '../lib/store/local-postgres';
import { migrate } from '../lib/store/migrate';
import { benchBrowser } from './bench-browser';
import { benchBundle } from './bench-bundle';
import { benchCollector } from './bench-collector';
import { BEFORE } from './bench-baselines';
import { benchCrowd } from './bench-crowd';
import { benchDemo } from './bench-demo';
import { benchGuard } from './bench-guard';
import { benchLoad } from './bench-load';
import { benchMetricsScrape } from './bench-metrics';
import { benchRetention } from './bench-retention';
import { benchManyTargets } from './bench-targets';

import { BENCH_SECRET_KEY, durations, type Row } from './bench-support';

const rows: Row[] = [];
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
  const target = await server(550);
  const sampler = new pg.Client({ connectionString: target.url(), application_name: 'lifeguard' });
  await sampler.connect();
  const held: pg.Client[] = [];
  for (const count of [10, 100, 500]) {
    while (held.length < count) {
      const client = new pg.Client({ connectionString: target.url(), application_name: `app-${held.length % 7}` });
      await client.connect();
      held.push(client);
    }
    rows.push([`sampling query, ${count} client connections`, await time(200, () => sampler.query(SAMPLE_SQL)), '200 runs']);
  }
  // The blocking tree is read only while sessions wait on locks: its cost, in a pile-up of 50.
  const [holder, ...others] = held;
  await holder!.query('CREATE TABLE pileup (id int)');
  await holder!.query('BEGIN; LOCK TABLE pileup');
  const waits = others.slice(0, 50).map((client) => client.query('BEGIN; LOCK TABLE pileup; COMMIT').catch(() => undefined));
  while ((await sampler.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'`)).rows[0]!.n < 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  rows.push(['sampling query, 500 connections, 50 waiting on a lock', await time(200, () => sampler.query(SAMPLE_SQL)), '200 runs, with the blocking tree']);
  await holder!.query('ROLLBACK');
  await Promise.all(waits);
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
  const rollupStart = performance.now();
  // The collector's background job does this minute by minute; one run over the whole week here.
  const minutes = await rollupOnce(db, { now: new Date(end), maxSpanMs: (seconds + 120) * 1000 });
  await db.$executeRawUnsafe('VACUUM ANALYZE samples');
  await db.$executeRawUnsafe('VACUUM ANALYZE sample_rollups');
  rows.push([
    'store load, 7 days of 1 s samples',
    `${seconds.toLocaleString('en')} rows in ${((rollupStart - loadStart) / 1000).toFixed(1)} s`,
    `rolled up into ${(minutes ?? 0).toLocaleString('en')} minutes in ${((performance.now() - rollupStart) / 1000).toFixed(1)} s`,
  ]);
  for (const [label, rangeMs] of [['1 h', 3600_000], ['24 h', 86_400_000], ['7 days', seconds * 1000]] as const) {
    const from = end - rangeMs;
    // The same choice querySeries makes (default raw retention), to say which data answered.
    const source = planSeries(from, end, 1000, end - config().rawRetentionHours * 3600_000).source;
    rows.push([`series query, ${label} at 1,000 points`, await time(20, () => querySeries(db, { targetId: id, metric: 'total', from, to: end, points: 1000 })), `20 runs, from ${source === 'raw' ? 'raw samples' : 'minute rollups'}`]);
  }
  // Baseline: the same 7 days bucketed from the raw samples, as series queries did before rollups.
  const step = Math.ceil((seconds * 1000) / 1000);
  const raw = await time(5, () =>
    db.$queryRawUnsafe(
      `SELECT floor((extract(epoch FROM at) * 1000 - $2::bigint) / $3::bigint) AS bucket, ${bucketSql('total')} AS v
       FROM samples WHERE target_id = $1::uuid AND at >= $4 AND at < $5 GROUP BY 1 ORDER BY 1`,
      id, start, step, new Date(start), new Date(end),
    ),
  );
  rows.push(['series query, 7 days from raw samples (baseline)', raw, '5 runs']);
  rows.push(['latest snapshot query', await time(200, () => latestSnapshot(db, id)), '200 runs']);
  await db.$disconnect();
}

/** `targets` targets at 1 s on one PostgreSQL (scripts/bench-targets.ts): throughput, timeliness, lag, writes, CPU. */
async function benchTargets(targets: number): Promise<Row[]> {
  const seconds = durations.manyTargetsSeconds;
  const r = await benchManyTargets({ targets, seconds });
  const load = loadavg().map((value) => value.toFixed(1)).join(' ');
  const before = BEFORE.targets[targets];
  const beside = (note: string, was: string | undefined) => (was ? `${note}; ${was}` : note);
  return [
    [`${targets} targets at 1 s: samples/s stored, on time`, `${r.achievedSamplesPerSec.toFixed(1)} of ${r.expected} expected, ${r.onTimePercent.toFixed(1)} % on time`, beside(`${seconds} s; ${r.errorSamples} error samples, ${r.skippedTicks} skipped ticks; load average ${load}`, before?.onTime)],
    [`${targets} targets at 1 s: sampling lag (tick → stored)`, `median ${r.lagP50Ms.toFixed(0)} ms, p95 ${r.lagP95Ms.toFixed(0)} ms`, beside(`collector process ${r.cpuPercent.toFixed(0)} % of a core; meanwhile the target server ${r.targetServerCores.toFixed(2)} core, the store ${r.storeServerCores.toFixed(2)} core`, before?.lag)],
    [`${targets} targets at 1 s: store write p95, overview query`, `${r.storeWriteP95Ms.toFixed(1)} ms, overview ${r.overviewMs.toFixed(1)} ms`, beside('write: sample taken → committed and announced', before?.write)],
    [`${targets} targets at 1 s: collector CPU per target-second`, `${r.cpuMsPerTargetSecond.toFixed(2)} ms`, beside(`${r.cpuMsPerSample.toFixed(2)} ms per sample taken; whole bench process (collector, its writes, the listener)`, before?.cpu)],
  ];
}

/** Runs one section; a failure becomes a row, so one broken figure does not hide the rest. */
async function section(name: string, run: () => Promise<Row[] | void>): Promise<void> {
  // BENCH_ONLY=freshness,demo runs only the sections whose names contain one of the words.
  const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
  if (only && !only.some((word) => name.includes(word))) return;
  const started = performance.now();
  console.log(`bench: ${name}…`);
  try {
    const produced = await run();
    if (produced) rows.push(...produced);
  } catch (error) {
    rows.push([`${name}: FAILED`, error instanceof Error ? error.message.split('\n')[0]! : String(error), '']);
    console.error(error);
  } finally {
    // Each section stops what it started, so the next one has the CPU to itself.
    for (const started of servers.splice(0)) await started.stop();
    console.log(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
}

// In-process sections (series, collector) read Lifeguard's configuration once, on first use: with
// a key set, it never generates a key file under ./.lifeguard (and target URLs decrypt the same).
process.env.LIFEGUARD_SECRET_KEY ??= BENCH_SECRET_KEY;
const begun = performance.now();
try {
  await section('sampling query', benchSamplingQuery);
  await section('series queries', benchSeries);
  await section('retention', benchRetention);
  await section('collector CPU', benchCollector);
  // Starts the built app (building it first if a source is newer): the bundle figures follow it.
  await section('freshness and footprint', benchBrowser);
  await section('first-load JS', () => benchBundle());
  await section('ingest and read load', benchLoad);
  await section('demo memory', benchDemo);
  await section('guarded surge', benchGuard);
  await section('100 targets', () => benchTargets(100));
  await section('300 targets', () => benchTargets(300));
  await section('crowd', benchCrowd);
  await section('metrics scrape', () => benchMetricsScrape({ targets: 100, scrapes: durations.metricsScrapes }));
  const width = Math.max(...rows.map(([name]) => name.length));
  const valueWidth = Math.max(...rows.map(([, figure]) => figure.length));
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\nLifeguard benchmarks, ${new Date().toISOString()}: node ${process.version}, ${cpus().length} × ${cpu}, ` +
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free)${durations.quick ? ', BENCH_QUICK' : ''}, ` +
    `run took ${((performance.now() - begun) / 60_000).toFixed(1)} min\n`);
  console.log(`${'figure'.padEnd(width)} | ${'measured'.padEnd(valueWidth)} | baseline / note`);
  console.log(`${'-'.repeat(width)}-|-${'-'.repeat(valueWidth)}-|-${'-'.repeat(15)}`);
  for (const [name, figure, note] of rows) console.log(`${name.padEnd(width)} | ${figure.padEnd(valueWidth)} | ${note}`);
} finally {
  for (const started of servers) await started.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}
