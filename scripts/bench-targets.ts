/**
 * Many targets (issue 6, item 3): `targets` targets at 1 s, all pointing at ONE local PostgreSQL
 * (different names, so 1 persistent connection + probes each) with the store on another, run by
 * startCollector in this process — the code the app runs. Measured over `seconds` of steady state:
 *  - achieved samples/s stored, against targets × 1/s expected (error samples counted apart);
 *  - on time: the share of the window's ticks (sampled or skipped) whose sample was stored and
 *    announced within one interval of its tick (a skipped tick, or a sample later than the next
 *    tick, is not on time);
 *  - lag: from a sample's tick (`at`) until it is committed in the store and announced (NOTIFY);
 *  - store write: from the sample being taken until it is committed and announced;
 *  - tick drift: consecutive `at`s of one target apart by more than 1.5 intervals (skipped ticks);
 *  - the overview query (latestSnapshots over every target) while all this runs;
 *  - CPU of this process per target-second: the collector (sampling, probing, writing) plus the
 *    bench's own listener and overview query, which are small beside it;
 *  - the cores the target server and the store used meanwhile (each server's process tree).
 * Run alone: `npx tsx --conditions=react-server scripts/bench-targets.ts [targets] [seconds]`.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startCollector } from '../lib/collector/collector';
import { createDb } from '../lib/store/db';
import { CHANNELS, type SampleNotification } from '../lib/events/channels';
import { latestSnapshots } from '../lib/samples/snapshot';
import { startLocalPostgres, type LocalPostgres } from '../lib/store/local-postgres';
import { migrate } from '../lib/store/migrate';
import { BENCH_SECRET_KEY } from './bench-support';
import { sleep, treeCpuSeconds, waitFor } from './support/processes';

export interface ManyTargetsResult {
  achievedSamplesPerSec: number;
  expected: number;
  /** % of the window's ticks stored within one interval of the tick. */
  onTimePercent: number;
  lagP50Ms: number;
  lagP95Ms: number;
  storeWriteP95Ms: number;
  overviewMs: number;
  /** Samples that carried an error (a refused probe, a failed query): should be 0. */
  errorSamples: number;
  /** Ticks skipped because a sample overran its interval. */
  skippedTicks: number;
  /** This process (collector + store writes), % of one core. */
  cpuPercent: number;
  /** The same, in ms of CPU per target per second. */
  cpuMsPerTargetSecond: number;
  /** ms of CPU per sample taken in the window: the cost of one tick, whether or not ticks were skipped. */
  cpuMsPerSample: number;
  /** The PostgreSQL standing in for every target (its backends and probe logins), in cores. */
  targetServerCores: number;
  /** The store's PostgreSQL, in cores. */
  storeServerCores: number;
  logLines: number;
}

/** A local server's postmaster, from the pid file in its data directory. */
const postmasterPid = (clusterDir: string) => Number(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

const INTERVAL_MS = 1000;

const percentile = (values: number[], q: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

export async function benchManyTargets(options: { targets: number; seconds: number }): Promise<ManyTargetsResult> {
  const { targets, seconds } = options;
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-bench-targets-'));
  const servers: LocalPostgres[] = [];
  try {
    const store = await startLocalPostgres({ dir: path.join(dir, 'store'), maxConnections: 100 });
    servers.push(store);
    // 1 persistent + at most 1 probe per target, plus slack.
    const target = await startLocalPostgres({ dir: path.join(dir, 'target'), maxConnections: Math.max(400, 2 * targets + 50) });
    servers.push(target);
    process.env.LIFEGUARD_SECRET_KEY ??= BENCH_SECRET_KEY;
    process.env.DATABASE_URL ??= store.url();
    await migrate(store.url());
    const db = createDb(store.url());
    await db.target.createMany({ data: Array.from({ length: targets }, (_, i) => ({ name: `many-${i + 1}`, url: target.url(), intervalMs: INTERVAL_MS })) });

    // Measurement state: only samples whose tick falls inside the window count.
    let windowStart = Number.POSITIVE_INFINITY;
    let windowEnd = Number.POSITIVE_INFINITY;
    const takenAt = new Map<string, number>();
    const lastAt = new Map<string, number>();
    const lags: number[] = [];
    const writes: number[] = [];
    let stored = 0;
    let onTime = 0;
    let errorSamples = 0;
    let samplesTaken = 0;
    let skippedTicks = 0;
    const inWindow = (at: number) => at >= windowStart && at < windowEnd;

    const listener = new pg.Client({ connectionString: store.url() });
    await listener.connect();
    listener.on('notification', (message) => {
      const now = Date.now();
      const note = JSON.parse(message.payload ?? '{}') as SampleNotification;
      const at = Date.parse(note.at);
      if (!inWindow(at)) return;
      const key = `${note.targetId} ${note.at}`;
      stored++;
      if (now - at <= INTERVAL_MS) onTime++;
      lags.push(now - at);
      const taken = takenAt.get(key);
      if (taken !== undefined) writes.push(now - taken);
      takenAt.delete(key);
    });
    await listener.query(`LISTEN ${CHANNELS.samples}`);

    const logs: string[] = [];
    const collector = startCollector({
      db,
      storeUrl: store.url(),
      log: (line) => logs.push(line),
      onSample: (sample) => {
        const at = sample.at.getTime();
        const previous = lastAt.get(sample.targetId);
        lastAt.set(sample.targetId, at);
        if (!inWindow(at)) return;
        if (previous !== undefined && at - previous > 1.5 * INTERVAL_MS) skippedTicks += Math.round((at - previous) / 1000) - 1;
        samplesTaken++;
        if (sample.error !== null) errorSamples++;
        takenAt.set(`${sample.targetId} ${sample.at.toISOString()}`, Date.now());
      },
    });
    try {
      await waitFor(`${targets} samplers`, async () => collector.samplerCount() === targets, 60_000);
      // Past the connects and first samples, which are not the steady state.
      await sleep(5000);
      const logsBefore = logs.length;
      const cpuBefore = process.cpuUsage();
      const servers = [postmasterPid(path.join(dir, 'target', 'cluster')), postmasterPid(path.join(dir, 'store', 'cluster'))] as const;
      const serversBefore = servers.map(treeCpuSeconds);
      windowStart = Date.now();
      windowEnd = windowStart + seconds * 1000;
      const overview: number[] = [];
      while (Date.now() < windowEnd) {
        const started = performance.now();
        await latestSnapshots(db);
        overview.push(performance.now() - started);
        await sleep(1000);
      }
      const cpu = process.cpuUsage(cpuBefore);
      const [targetServerCores, storeServerCores] = servers.map((pid, i) => (treeCpuSeconds(pid) - serversBefore[i]!) / seconds);
      // Let the writes of the window's last ticks land.
      await sleep(3000);
      return {
        achievedSamplesPerSec: stored / seconds,
        expected: targets,
        // Ticks of the window: those sampled plus those skipped (a timer that fires late can put
        // one tick more than `seconds` of a target inside the window).
        onTimePercent: (100 * onTime) / Math.max(1, samplesTaken + skippedTicks),
        lagP50Ms: percentile(lags, 0.5),
        lagP95Ms: percentile(lags, 0.95),
        storeWriteP95Ms: percentile(writes, 0.95),
        overviewMs: percentile(overview, 0.5),
        errorSamples,
        skippedTicks,
        cpuPercent: (cpu.user + cpu.system) / 1000 / seconds / 10,
        cpuMsPerTargetSecond: (cpu.user + cpu.system) / 1000 / seconds / targets,
        cpuMsPerSample: (cpu.user + cpu.system) / 1000 / Math.max(1, samplesTaken),
        targetServerCores: targetServerCores!,
        storeServerCores: storeServerCores!,
        logLines: logs.length - logsBefore,
      };
    } finally {
      await collector.stop();
      await listener.end();
      await db.$disconnect();
    }
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [targets = '100', seconds = '30'] = process.argv.slice(2);
  console.log(await benchManyTargets({ targets: Number(targets), seconds: Number(seconds) }));
}
