/**
 * Collector CPU per target at 1 s: startCollector in this process (the code the app runs) with
 * BENCH_COLLECTOR_TARGETS targets on one local PostgreSQL and its store on another, for
 * BENCH_COLLECTOR_SECONDS; process.cpuUsage() over that window, divided by targets and seconds.
 * It covers sampling, probing and writing the samples to the store (Prisma), not the
 * PostgreSQL servers' own CPU.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCollector } from '../lib/collector/collector';
import { createDb } from '../lib/store/db';
import { startLocalPostgres, type LocalPostgres } from '../lib/store/local-postgres';
import { migrate } from '../lib/store/migrate';
import { sleep, waitFor } from './support/processes';
import { BENCH_SECRET_KEY, durations, type Row } from './bench-support';

export async function benchCollector(): Promise<Row[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-bench-collector-'));
  const servers: LocalPostgres[] = [];
  const targets = durations.collectorTargets;
  const seconds = durations.collectorSeconds;
  try {
    const store = await startLocalPostgres({ dir: path.join(dir, 'store') });
    servers.push(store);
    // Each target holds 1 persistent + at most 1 probe connection: room for all, plus slack.
    const target = await startLocalPostgres({ dir: path.join(dir, 'target'), maxConnections: 2 * targets + 20 });
    servers.push(target);
    // The collector decrypts target URLs with the configured key; without one it would make a key file.
    process.env.LIFEGUARD_SECRET_KEY ??= BENCH_SECRET_KEY;
    await migrate(store.url());
    const db = createDb(store.url());
    await db.target.createMany({
      data: Array.from({ length: targets }, (_, i) => ({ name: `bench-${i + 1}`, url: target.url(), intervalMs: 1000 })),
    });
    let samples = 0;
    const logs: string[] = [];
    const collector = startCollector({ db, storeUrl: store.url(), onSample: () => void samples++, log: (line) => logs.push(line) });
    try {
      await waitFor(`${targets} samplers`, async () => collector.samplerCount() === targets, 30_000);
      // Past the connects and the first samples, which are not the steady state.
      await sleep(3000);
      const samplesBefore = samples;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await sleep(seconds * 1000);
      const cpu = process.cpuUsage(cpuBefore);
      const elapsed = (performance.now() - started) / 1000;
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const perTargetPerSecond = cpuMs / targets / elapsed;
      const sampleRate = (samples - samplesBefore) / elapsed;
      return [
        [
          'collector CPU per target at 1 s',
          `${perTargetPerSecond.toFixed(2)} ms CPU/s (${(perTargetPerSecond / 10).toFixed(2)} % of a core)`,
          `${targets} targets for ${elapsed.toFixed(0)} s: ${(cpuMs / elapsed / 10).toFixed(1)} % total, ${sampleRate.toFixed(1)} samples/s${logs.length ? `, ${logs.length} log lines` : ''}`,
        ],
      ];
    } finally {
      await collector.stop();
      await db.$disconnect();
    }
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
