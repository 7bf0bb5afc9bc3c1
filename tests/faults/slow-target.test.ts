import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sleep, waitFor } from '@/scripts/support/processes';
import { startLifeguard, type LifeguardApp } from './support/lifeguard';
import { startDelayProxy, type DelayProxy } from './support/delay-proxy';
import { adminClient, startRestartable, startTarget, type RestartableServer, type Target } from './support/servers';

/**
 * Slow target: Lifeguard reaches the target through a proxy that delays every packet. With a
 * moderate delay samples take several intervals: ticks are skipped, never queued, and no
 * connection ever has two queries in flight. With a delay beyond the query timeout each sample
 * gives up and records an error instead of hanging. When the delay goes, sampling recovers.
 */
const SLOW_MS = 1_000; // each way: a 2 s round trip, under the 3 s query timeout at a 1 s interval
const STUCK_MS = 3_000; // each way: a 6 s round trip, past it
const SLOW_PHASE_SECONDS = 10;

interface SampleRow {
  at: Date;
  total: number | null;
  error: string | null;
}

let store: RestartableServer;
let target: Target;
let proxy: DelayProxy;
let app: LifeguardApp;
let storeClient: pg.Client;
let targetId: string;

beforeAll(async () => {
  store = await startRestartable();
  target = await startTarget(30);
  proxy = await startDelayProxy(target.port);
  app = await startLifeguard({ DATABASE_URL: store.url() });
  storeClient = await adminClient(store.url());
  const url = new URL(target.monitorUrl);
  url.port = String(proxy.port);
  const created = await app.post('/api/targets', { name: 'slow', url: url.toString() });
  expect(created.status, created.text).toBe(201);
  targetId = created.json<{ id: string }>().id;
});

afterAll(async () => {
  await storeClient?.end().catch(() => {});
  await app?.stop();
  await proxy?.close();
  await target?.destroy();
  await store?.destroy();
});

async function samplesSince(since: Date): Promise<SampleRow[]> {
  const { rows } = await storeClient.query<SampleRow>('SELECT at, total, error FROM samples WHERE target_id = $1 AND at >= $2 ORDER BY at', [targetId, since]);
  return rows;
}

const healthy = (since: Date) => async () => (await samplesSince(since)).find((row) => row.total !== null && row.error === null);

it('never piles up queries, times each sample out, and recovers', async () => {
  await waitFor('a healthy sample through the proxy', healthy(new Date(0)), 20_000);

  // Moderate delay: slow but successful samples.
  proxy.resetMaxima();
  const slowAt = new Date();
  proxy.setDelay(SLOW_MS);
  await sleep(SLOW_PHASE_SECONDS * 1000);
  const slowSamples = await samplesSince(slowAt);
  const slowStats = proxy.stats();
  const gaps = slowSamples.slice(1).map((row, i) => (row.at.getTime() - slowSamples[i]!.at.getTime()) / 1000);

  // Beyond the timeout: samples must fail, not hang.
  proxy.resetMaxima();
  const stuckAt = new Date();
  proxy.setDelay(STUCK_MS);
  const firstError = await waitFor('a sample that gave up', async () => (await samplesSince(stuckAt)).find((row) => row.total === null && row.error !== null), 30_000);
  const errorSeconds = (Date.now() - stuckAt.getTime()) / 1000;
  // A reconnect attempt at this delay gives up after the 5 s connect timeout: let one finish.
  await sleep(9_000);
  const stuckSamples = await samplesSince(stuckAt);
  const stuckStats = proxy.stats();

  const backAt = new Date();
  proxy.setDelay(0);
  await waitFor('a healthy sample after the delay went', healthy(backAt), 30_000);
  const recoverSeconds = (Date.now() - backAt.getTime()) / 1000;

  console.log(
    [
      `slow target, ${SLOW_MS} ms each way for ${SLOW_PHASE_SECONDS} s: ${slowSamples.length} samples (${slowSamples.filter((row) => row.total !== null).length} with figures), seconds between them: ${gaps.map((gap) => gap.toFixed(1)).join(', ')}`,
      `  errors seen then: ${[...new Set(slowSamples.map((row) => row.error).filter(Boolean))].join(' | ') || 'none'}`,
      `  proxy: max ${slowStats.maxInFlight} query in flight per connection, max ${slowStats.maxOpenByClient} connections open by Lifeguard (${slowStats.maxOpen} incl. closing)`,
      `stuck target, ${STUCK_MS} ms each way: first error sample after ${errorSeconds.toFixed(1)} s ("${firstError.error}"); ${stuckSamples.length} samples in ${((Date.now() - stuckAt.getTime()) / 1000).toFixed(0)} s, ${stuckSamples.filter((row) => row.total === null).length} with an error`,
      `  proxy: max ${stuckStats.maxInFlight} query in flight per connection, max ${stuckStats.maxOpenByClient} connections open by Lifeguard (${stuckStats.maxOpen} incl. closing); ${stuckStats.connections} connections in all`,
      `delay removed: healthy sample again after ${recoverSeconds.toFixed(1)} s`,
    ].join('\n'),
  );

  // No pile-up: one query at a time per connection, one persistent + at most one probe.
  expect(slowStats.maxInFlight).toBe(1);
  expect(stuckStats.maxInFlight).toBeLessThanOrEqual(1);
  expect(Math.max(slowStats.maxOpenByClient, stuckStats.maxOpenByClient)).toBeLessThanOrEqual(2);
  // Ticks are skipped, not queued: far fewer samples than the 1 s grid, each a full round trip apart.
  expect(slowSamples.filter((row) => row.total !== null).length).toBeGreaterThan(0);
  expect(slowSamples.length).toBeLessThanOrEqual(SLOW_PHASE_SECONDS / 2 + 1);
  expect(gaps.every((gap) => gap >= 2)).toBe(true);
  expect(firstError.error).toMatch(/timeout|timed out|terminated|lost/i);
  // Samples keep coming while stuck, each one an error that gave up, none hanging.
  expect(stuckSamples.length).toBeGreaterThanOrEqual(2);
  expect(stuckSamples.every((row) => row.total === null && row.error !== null)).toBe(true);
});
