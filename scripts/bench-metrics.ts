/**
 * GET /metrics with 100 targets sampled (issue 11: "a scrape of 100 targets stays under
 * 100 ms"): the production build (startBenchApp, as the load figures) with `targets` PostgreSQL
 * targets at 1 s, all on ONE local PostgreSQL as in bench-targets.ts (different names, so a
 * persistent connection and probes each), and its own collector sampling them all the while.
 * /metrics is then fetched `scrapes` times, one after another with a short pause, as a
 * Prometheus would (only faster): median and p95 of the whole request as the scraper sees it,
 * with the exposition's size and series count. Asserts nothing.
 * Run alone: `npx tsx --conditions=react-server scripts/bench-metrics.ts [targets] [scrapes]`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalPostgres, type LocalPostgres } from '../lib/store/local-postgres';
import { durations, ms, quantile, startBenchApp, type BenchApp, type Row } from './bench-support';
import { sleep, waitFor } from './support/processes';

export async function benchMetricsScrape(options: { targets: number; scrapes: number }): Promise<Row[]> {
  const { targets, scrapes } = options;
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-bench-metrics-'));
  let target: LocalPostgres | undefined;
  let app: BenchApp | undefined;
  try {
    // 1 persistent + at most 1 probe per target, plus slack.
    target = await startLocalPostgres({ dir: path.join(dir, 'target'), maxConnections: Math.max(400, 2 * targets + 50) });
    // Registered at start-up (LIFEGUARD_TARGETS, default interval 1 s) rather than by 100 API
    // calls: on a loaded machine those calls raced the first samplers for the store's connections.
    const names = Array.from({ length: targets }, (_, i) => `scrape-${i + 1}`);
    app = await startBenchApp({ LIFEGUARD_TARGETS: names.map((name) => `${name}=${target!.url()}`).join(',') });
    const metrics = `${app.baseUrl}/metrics`;
    const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;
    const SAMPLED = /^lifeguard_last_sample_timestamp_seconds\{[^}]*\} /gm;
    const UP = /^pg_up\{[^}]*\} 1$/gm;
    // Every target sampled at least once, so the scrapes below read 100 targets' figures.
    await waitFor(`a sample of each of ${targets} targets`, async () => count(await (await fetch(metrics)).text(), SAMPLED) === targets, 180_000, { everyMs: 1000 });
    console.log(`bench-metrics: ${targets} targets sampled; scraping`);
    for (let i = 0; i < 5; i++) await (await fetch(metrics)).text();
    const timings: number[] = [];
    const up: number[] = [];
    let body = '';
    for (let i = 0; i < scrapes; i++) {
      const started = performance.now();
      const response = await fetch(metrics);
      body = await response.text();
      timings.push(performance.now() - started);
      if (!response.ok) throw new Error(`GET /metrics: ${response.status} ${body.slice(0, 200)}`);
      // A target whose latest sample is older than three intervals (a collector falling behind
      // on a loaded machine) shows pg_up 0 and fewer series: counted, so the figure says so.
      up.push(count(body, UP));
      await sleep(100);
    }
    const series = body.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
    return [
      [
        `GET /metrics, ${targets} targets sampled at 1 s`,
        `median ${ms(quantile(timings, 0.5), 1)}, p95 ${ms(quantile(timings, 0.95), 1)}`,
        `${scrapes} scrapes, median ${quantile(up, 0.5)} of ${targets} targets up; last: ${series.toLocaleString('en')} series, ${(Buffer.byteLength(body) / 1024).toFixed(0)} KiB; goal < 100 ms`,
      ],
    ];
  } finally {
    await app?.stop();
    await target?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [targets = '100', scrapes = String(durations.metricsScrapes)] = process.argv.slice(2);
  for (const row of await benchMetricsScrape({ targets: Number(targets), scrapes: Number(scrapes) })) console.log(row.join(' | '));
}
