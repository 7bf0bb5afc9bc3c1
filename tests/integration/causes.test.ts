import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as findingRoute from '@/app/api/targets/[id]/finding/route';
import { COLLECTOR_APPLICATION_NAME } from '@/lib/collector/persistent-sampler';
import { figuresFromRow, LONG_IDLE_IN_TRANSACTION_SECONDS, LONG_IDLE_SECONDS, SAMPLE_SQL, SLOW_QUERY_SECONDS, type SampleRow } from '@/lib/collector/sample-query';
import type { Cause, CauseKind, Finding } from '@/lib/finding/types';
import { ingestReports } from '@/lib/ingest/ingest';
import { recordSample } from '@/lib/samples/record';
import { idParams, request, startTestApp } from '../support/app';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

/**
 * Each cause produced for real on a real PostgreSQL server — idle pooled sessions, transactions
 * left idle, queries that run long, a held lock with waiters, a burst of new connections — sampled with the collector's
 * own query over one persistent connection, stored, and read back through GET /api/targets/{id}/finding.
 */
let app: Awaited<ReturnType<typeof startTestApp>>;
let target: TestPostgres;
let sampler: pg.Client;
let targetId: string;
const opened: (pg.Client | pg.Pool)[] = [];
let idleSince = 0;

async function connect(application: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: target.url(), application_name: application });
  client.on('error', () => {}); // ended by the server when the test stops it
  await client.connect();
  opened.push(client);
  return client;
}

/** One sample as the collector takes it, stored; then the finding as the API answers it. */
async function sampleAndFind(): Promise<Finding> {
  const row = (await sampler.query<SampleRow>(SAMPLE_SQL)).rows[0]!;
  const figures = figuresFromRow(row);
  await recordSample(app.store.db, { targetId, at: new Date(), ...figures, probeLatencyMs: 1, connectLatencyMs: 2, commitsPerSec: null, rollbacksPerSec: null, deadlocksPerSec: null, error: null, errorCode: null });
  const response = await findingRoute.GET(request(`/api/targets/${targetId}/finding`), idParams(targetId));
  expect(response.status).toBe(200);
  return (await response.json()) as Finding;
}

function cause(finding: Finding, kind: CauseKind): Cause {
  const found = finding.causes?.find((c) => c.kind === kind);
  if (!found) throw new Error(`no ${kind} among ${JSON.stringify(finding.causes, null, 1)}`);
  return found;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleepUntil = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - Date.now())));

beforeAll(async () => {
  [app, target] = await Promise.all([startTestApp(), startTestPostgres({ maxConnections: 100 })]);
  ({ id: targetId } = await app.store.db.target.create({ data: { name: 'production', url: 'postgres://lifeguard@127.0.0.1/postgres' } }));
  sampler = await connect(COLLECTOR_APPLICATION_NAME);
  await sampler.query('CREATE TABLE ledger (id int PRIMARY KEY)');

  // Idle pooled sessions: a pool that grew to 25 connections for a burst and then kept them.
  const pool = new pg.Pool({ connectionString: target.url(), application_name: 'pooled-web', max: 25, idleTimeoutMillis: 600_000 });
  pool.on('error', () => {});
  opened.push(pool);
  const clients = await Promise.all(Array.from({ length: 25 }, () => pool.connect()));
  for (const client of clients) client.release();
  // Transactions left idle by another application.
  for (let i = 0; i < 4; i++) await (await connect('billing')).query('BEGIN; SELECT 1');
  // Queries that run long (they end when the server stops).
  for (let i = 0; i < 3; i++) void (await connect('reports')).query(`SELECT pg_sleep(120) AS report_${i}`).catch(() => undefined);
  idleSince = Date.now();
});

afterAll(async () => {
  await Promise.all(opened.map((client) => client.end().catch(() => {})));
  await target?.stop();
  await app?.stop();
});

describe('causes read from a real server', () => {
  it('names pooled sessions left idle, with the pool reports, and over-budget pools with the pool max that fits', async () => {
    // Three instances report pool max 50 each: 150 > 97 usable. Two reports 5 s apart give a query rate.
    const now = Date.now();
    const report = (instance: string, at: number, queries: number) => ({
      application: 'pooled-web', instance, target: 'production', at: new Date(at).toISOString(), poolMax: 50, total: 9, idle: 8, waiting: 0, queries, errors: 0, p50Ms: 4, p95Ms: 9, p99Ms: 12,
    });
    await ingestReports(app.store.db, { reports: ['web-1', 'web-2', 'web-3'].flatMap((instance) => [report(instance, now - 6000, 50), report(instance, now - 1000, 50)]) });
    await sleepUntil(idleSince + LONG_IDLE_SECONDS * 1000 + 500);

    const finding = await sampleAndFind();
    const idle = cause(finding, 'held-idle');
    expect(idle.summary).toContain('pooled-web holds 25 connections idle for 10 s or more');
    expect(idle.evidence[0]).toMatch(/^pooled-web: 25 of its 25 idle sessions unused for 10 s or more \(the longest 1\d s\); its 3 instances report 30 queries\/s, which keeps about 1 busy, and 24 connections idle in their pools\.$/);
    const budget = cause(finding, 'over-budget');
    expect(budget.evidence).toContain('pooled-web: 3 instances × pool max 50 = 150 > 97 usable');
    // Room beside Lifeguard's 2 and what billing (4) and reports (3) hold: (97 − 2 − 7) / 3 = 29.
    expect(budget.fix).toBe('pooled-web: pool max ≤ 29 per instance: 3 × 29 + 9 = 96 ≤ 97 (9 = unreported 7 + Lifeguard 2)');
  });

  it('names transactions left idle, with their ages and a timeout to set', async () => {
    await sleepUntil(idleSince + LONG_IDLE_IN_TRANSACTION_SECONDS * 1000 + 500);
    const finding = await sampleAndFind();
    const idle = cause(finding, 'idle-in-transaction');
    expect(idle.connections).toBe(4);
    expect(idle.evidence[0]).toMatch(/^billing: 4 sessions idle in a transaction for 5 s or more, the longest \d+ s$/);
    expect(idle.fix).toMatch(/idle_in_transaction_session_timeout = '\d+s'/);
  });

  it('names queries that run long, with their text', async () => {
    await sleepUntil(idleSince + SLOW_QUERY_SECONDS * 1000 + 500);
    const finding = await sampleAndFind();
    const slow = cause(finding, 'slow-queries');
    expect(slow.connections).toBe(3);
    expect(slow.evidence[0]).toMatch(/^reports: 3 queries running 5 s or more, the longest \d+ s$/);
    expect(slow.evidence.slice(1)).toHaveLength(3);
    for (const line of slow.evidence.slice(1)) expect(line).toMatch(/^\d+ s pid \d+ reports: SELECT pg_sleep\(120\) AS report_\d$/);
  });

  it('shows a held lock with its waiters as a blocking tree headed by the holder', async () => {
    const holder = await connect('migrations');
    await holder.query('BEGIN; LOCK TABLE ledger');
    const waiters = await Promise.all([1, 2, 3].map(() => connect('ledger-web')));
    const blocked = waiters.map((waiter) => waiter.query('BEGIN; LOCK TABLE ledger; COMMIT').catch(() => undefined));
    await until('three sessions waiting on the lock', async () => (await sampler.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'`)).rows[0].n === 3);

    const finding = await sampleAndFind();
    const pileup = cause(finding, 'lock-pileup');
    const pid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    expect(pileup.summary).toBe(`3 sessions wait on locks; pid ${pid} (migrations from 127.0.0.1) holds up 3.`);
    expect(pileup.evidence[0]).toMatch(new RegExp(`^Head blocker pid ${pid} \\(migrations from 127\\.0\\.0\\.1\\), idle in transaction, transaction open \\d+ s: blocks 3 \\(\\d directly\\)\\.$`));
    expect(pileup.evidence).toContain('Waiting: ledger-web 3.');
    expect(pileup.fix).toContain(`pg_terminate_backend(${pid})`);

    await holder.query('ROLLBACK');
    await Promise.all(blocked);
  });

  it('notices a burst of new connections against a calm history', async () => {
    // The calm history (one new connection every ten seconds) is written as the collector would have.
    const calm = Date.now() - 9 * 60_000;
    for (let i = 0; i < 15; i++) {
      await recordSample(app.store.db, {
        targetId, at: new Date(calm + i * 30_000), maxConnections: 100, reservedConnections: 3, total: 30, states: null, waiting: 0, oldestXactSeconds: null,
        probeLatencyMs: 1, connectLatencyMs: 2, commitsPerSec: null, rollbacksPerSec: null, deadlocksPerSec: null, applications: [], newBackends: 1, error: null, errorCode: null,
      });
    }
    await Promise.all(Array.from({ length: 30 }, () => connect('deploy-web')));

    const finding = await sampleAndFind();
    const storm = cause(finding, 'connection-storm');
    expect(storm.summary).toMatch(/^A connection storm: 3(\.\d)? new connections per second \(3\d× the normal 0\.1\/s\)/);
    expect(storm.evidence).toContain('deploy-web: 30 new');
  });
});
