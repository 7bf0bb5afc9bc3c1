import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestBodySchema } from '@/lib/ingest/schema';
import { reportPool, type PoolReportPayload, type PoolReporter } from 'pg-lifeguard';
import { startTestPostgres, type TestPostgres } from '../support/postgres';
import { testWait } from '@/tests/support/wait';

/**
 * pg-lifeguard's reportPool with a real pg.Pool on a real PostgreSQL, reporting to a small HTTP server on
 * loopback that plays Lifeguard (answering as told: accept, fail, or never answer).
 */
let server: TestPostgres;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

beforeAll(async () => {
  server = await startTestPostgres();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await server?.stop();
});

interface Receiver {
  url: string;
  batches: { authorization: string | undefined; reports: PoolReportPayload[] }[];
  reports(): PoolReportPayload[];
}

type Answer = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const accept: Answer = (_req, res, body) => {
  const { reports } = JSON.parse(body) as { reports: unknown[] };
  res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: reports.length, duplicates: 0 }));
};

async function startReceiver(answer: (attempt: number) => Answer = () => accept): Promise<Receiver> {
  const batches: Receiver['batches'] = [];
  let attempt = 0;
  const http: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const how = answer(attempt++);
      if (how === accept) batches.push({ authorization: req.headers.authorization, reports: (JSON.parse(body) as { reports: PoolReportPayload[] }).reports });
      how(req, res, body);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    http.closeAllConnections();
    return new Promise((resolve) => http.close(resolve));
  });
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, batches, reports: () => batches.flatMap((batch) => batch.reports) };
}

function startPool(max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString: server.url(), max, application_name: 'pool-client-test' });
  // As every application must: an idle client's error (the server going away) is the pool's to
  // report, and with no listener Node would crash the test run instead.
  pool.on('error', () => {});
  cleanups.push(() => pool.end());
  return pool;
}

function report(pool: pg.Pool, url: string, extra: Partial<Parameters<typeof reportPool>[1]> = {}): PoolReporter {
  const reporter = reportPool(pool, { url, application: 'shop', instance: 'web-1', target: 'production', intervalMs: 250, ...extra });
  cleanups.push(() => reporter.stop());
  return reporter;
}

const waitFor = testWait({ timeoutMs: 10_000, everyMs: 25 });

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reportPool', () => {
  it('reports the pool and its queries with sane figures, in the shape Lifeguard accepts', async () => {
    const receiver = await startReceiver();
    const pool = startPool(4);
    report(pool, receiver.url, { token: 'tok' });
    await Promise.all(Array.from({ length: 20 }, () => pool.query('SELECT pg_sleep(0.01)')));
    await expect(pool.query('SELECT 1/0')).rejects.toThrow(/division by zero/);
    await new Promise<void>((resolve) => pool.query('SELECT 1/0', (error: Error | undefined) => (expect(error).toBeDefined(), resolve())));

    await waitFor('all queries reported', () => receiver.reports().reduce((n, r) => n + r.queries, 0) >= 22);
    const busy = receiver.reports().find((r) => r.queries > 0);
    expect(busy).toMatchObject({ application: 'shop', instance: 'web-1', target: 'production', poolMax: 4, waiting: 0 });
    expect(busy?.total).toBeGreaterThanOrEqual(1);
    expect(busy?.total).toBeLessThanOrEqual(4);
    expect(receiver.reports().reduce((n, r) => n + r.errors, 0)).toBe(2);
    expect(busy?.p50Ms).toBeGreaterThan(5); // pg_sleep(0.01)
    expect(busy?.p99Ms ?? 0).toBeGreaterThanOrEqual(busy?.p95Ms ?? Infinity);
    expect(receiver.batches[0]?.authorization).toBe('Bearer tok');
    for (const batch of receiver.batches) expect(ingestBodySchema.safeParse({ reports: batch.reports }).success).toBe(true);
  });

  it('keeps queries fast and never throws while Lifeguard is down or hangs', async () => {
    const errors: unknown[] = [];
    // A Lifeguard that never answers, and one that is not there at all.
    const hung = await startReceiver(() => () => undefined);
    for (const url of [hung.url, `http://127.0.0.1:${await closedPort()}`]) {
      const pool = startPool(2);
      report(pool, url, { timeoutMs: 200, onError: (error) => errors.push(error) });
      const began = performance.now();
      for (let i = 0; i < 30; i++) await pool.query('SELECT 1');
      await sleep(600);
      const result = await pool.query<{ n: number }>('SELECT 2 AS n');
      expect(result.rows[0]?.n).toBe(2);
      expect(performance.now() - began).toBeLessThan(5000);
    }
    expect(errors.length).toBeGreaterThan(0);
  });

  it('sends the reports it could not send once Lifeguard is back, dropping the oldest beyond the cap', async () => {
    // The first five attempts fail (Lifeguard restarting), then it accepts.
    const refused = new Set<string>();
    const failing: Answer = (_req, res, body) => {
      for (const r of (JSON.parse(body) as { reports: PoolReportPayload[] }).reports) refused.add(r.at);
      res.writeHead(503).end('starting');
    };
    const receiver = await startReceiver((attempt) => (attempt < 5 ? failing : accept));
    const pool = startPool(2);
    report(pool, receiver.url, { maxQueued: 3 });
    const first = await waitFor('a batch after the outage', () => receiver.batches[0]);
    expect(first.reports).toHaveLength(3);
    const times = first.reports.map((r) => r.at);
    expect([...times].sort()).toEqual(times);
    // More than three reports were made during the outage: the oldest were dropped, not the newest.
    const oldestRefused = [...refused].sort()[0];
    expect(refused.size).toBeGreaterThan(3);
    expect(times).not.toContain(oldestRefused);
  });

  it('stops reporting and unwraps the pool on stop()', async () => {
    const receiver = await startReceiver();
    const pool = startPool(2);
    const reporter = report(pool, receiver.url);
    await waitFor('a report', () => receiver.batches.length > 0);
    reporter.stop();
    reporter.stop();
    expect(pool.query).toBe(pg.Pool.prototype.query);
    await sleep(100); // a send under way may still land
    const count = receiver.batches.length;
    await sleep(800);
    expect(receiver.batches.length).toBe(count);
    expect((await pool.query<{ n: number }>('SELECT 3 AS n')).rows[0]?.n).toBe(3);
  });
});
