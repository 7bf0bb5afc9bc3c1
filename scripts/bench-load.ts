/**
 * Load figures for `npm run bench`: the real production build (`npm start`, built if needed) on
 * 127.0.0.1 with its store and one monitored target on local PostgreSQL servers, driven by
 * autocannon for BENCH_LOAD_SECONDS (default 60, 10 with BENCH_QUICK=1) per scenario:
 *
 *  - POST /api/ingest with valid batches of 10 pool reports, each report new (no duplicates)
 *  - GET /api/targets/{id}/snapshot and GET /api/snapshots, alternating
 *
 * Prints requests/s, p99 latency, errors (socket errors, timeouts and non-2xx answers) and the
 * server's resident memory before and after. Asserts nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon, { type RequestSpec } from 'autocannon';
import { startLifeguardProcess } from './support/lifeguard-process';
import { startLocalPostgres, type LocalPostgres } from '../lib/store/local-postgres';
import { findServerPid, freePort, rssMiB, waitFor } from './support/processes';
import { BENCH_SECRET_KEY, durations, type Row } from './bench-support';

const SECONDS = durations.loadSeconds;
const CONNECTIONS = 10;
const REPORTS_PER_BATCH = 10;

export type { Row };

/** A batch of reports that were never sent before: the instance and time make each one new. */
function ingestBatch(sequence: number): string {
  const base = Date.now() - 60 * 60 * 1000;
  const reports = Array.from({ length: REPORTS_PER_BATCH }, (_, i) => ({
    application: 'bench-web',
    instance: `web-${i}`,
    at: new Date(base + sequence).toISOString(),
    poolMax: 20,
    total: 12,
    idle: 4,
    waiting: 1,
    queries: 500,
    errors: 2,
    p50Ms: 1.5,
    p95Ms: 7,
    p99Ms: 12,
  }));
  return JSON.stringify({ reports });
}

export async function benchLoad(): Promise<Row[]> {
  const rows: Row[] = [];
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-bench-load-'));
  const servers: LocalPostgres[] = [];
  const logs: string[] = [];
  let app: ReturnType<typeof startLifeguardProcess> | undefined;
  try {
    const store = await startLocalPostgres({ dir: path.join(dir, 'store') });
    servers.push(store);
    const target = await startLocalPostgres({ dir: path.join(dir, 'target'), maxConnections: 50 });
    servers.push(target);
    const port = await freePort();
    app = startLifeguardProcess({
      cwd: process.cwd(),
      port,
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', DATABASE_URL: store.url(), LIFEGUARD_DATA_DIR: path.join(dir, 'app'), LIFEGUARD_ADMIN_TOKEN: '', LIFEGUARD_INGEST_TOKEN: '', LIFEGUARD_ADMIN_EMAIL: '', LIFEGUARD_ADMIN_PASSWORD: '', LIFEGUARD_SECRET_KEY: BENCH_SECRET_KEY },
      log: (line) => logs.push(line),
    });
    await app.waitUntilHealthy(300_000);
    const serverPid = findServerPid(app.pid);
    const created = await fetch(`${app.baseUrl}/api/targets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench-target', url: target.url() }),
    });
    const { id } = (await created.json()) as { id: string };
    await waitFor('a first snapshot', async () => (await fetch(`${app!.baseUrl}/api/targets/${id}/snapshot`)).status === 200, 20_000);

    let sequence = 0;
    const scenarios: [string, RequestSpec[]][] = [
      [
        `POST /api/ingest (${REPORTS_PER_BATCH} reports a batch)`,
        [{ method: 'POST', path: '/api/ingest', headers: { 'content-type': 'application/json' }, setupRequest: (request) => ({ ...request, body: ingestBatch(sequence++) }) }],
      ],
      ['GET snapshot + /api/snapshots', [{ method: 'GET', path: `/api/targets/${id}/snapshot` }, { method: 'GET', path: '/api/snapshots' }]],
    ];
    for (const [index, [label, requests]] of scenarios.entries()) {
      const before = rssMiB(serverPid);
      const result = await autocannon({ url: app.baseUrl, connections: CONNECTIONS, duration: SECONDS, requests });
      const after = rssMiB(serverPid);
      const errors = result.errors + result.timeouts + result.non2xx;
      rows.push([
        `load: ${label}, ${CONNECTIONS} connections, ${SECONDS} s`,
        // The ingest scenario (first) is about reports, ten to a request.
        `${index === 0 ? `${(result.requests.average * REPORTS_PER_BATCH).toFixed(0)} reports/s, ` : ''}${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, ${errors} errors of ${result.requests.total}`,
        `server RSS ${before} → ${after} MiB`,
      ]);
    }
  } catch (error) {
    console.error(logs.slice(-30).join('\n'));
    throw error;
  } finally {
    await app?.stop(15_000);
    for (const server of servers.reverse()) await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
