import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as budgetRoute from '@/app/api/targets/[id]/budget/route';
import * as snapshotRoute from '@/app/api/targets/[id]/snapshot/route';
import { startEvaluator, type Evaluator } from '@/lib/alerts/evaluator';
import type { TargetBudget } from '@/lib/budget/query';
import { startCollector, type Collector } from '@/lib/collector/collector';
import { getIncident } from '@/lib/incidents/get';
import { incidentFindings } from '@/lib/finding/finding';
import { ingestReports } from '@/lib/ingest/ingest';
import type { Snapshot } from '@/lib/samples/types';
import type { TargetView } from '@/lib/targets/targets';
import { idParams, request, startTestApp } from '../support/app';
import { backendOf, PGBOUNCER_BINARY, startTestPgBouncer, type TestPgBouncer } from '../support/pgbouncer';
import { startTestPostgres, type TestPostgres } from '../support/postgres';
import { postTarget, registerTarget } from '../support/targets-api';
import { logTail, testWait } from '@/tests/support/wait';

/**
 * The flood one layer up (issue 17), against Debian's PgBouncer in front of a real PostgreSQL:
 * max_client_conn = 12, default_pool_size = 5, transaction pooling, 16 application clients. The
 * collector, the evaluator and auto-incidents run as in the server, at the default 1 s.
 */
const MAX_CLIENT_CONN = 12;
const CLIENTS = 16;
const INTERVAL_MS = 1_000;
/** 20 max_connections − 3 superuser_reserved_connections. */
const BACKEND_MAX_CONNECTIONS = 20;
const BACKEND_USABLE = 17;
const REFUSING_RULE = '00000000-0000-4000-8000-000000000203';

if (!existsSync(PGBOUNCER_BINARY)) throw new Error(`${PGBOUNCER_BINARY} is missing: apt-get install -y pgbouncer`);

let app: Awaited<ReturnType<typeof startTestApp>>;
let backend: TestPostgres;
let bouncer: TestPgBouncer;
/** A second PgBouncer whose pools can open more than the database accepts. */
let bigBouncer: TestPgBouncer;
let collector: Collector;
let evaluator: Evaluator;
let database: TargetView;
let pooler: TargetView;
let bigPooler: TargetView;
const logs: string[] = [];
const clients: pg.Client[] = [];

const waitFor = testWait({ timeoutMs: 20_000, everyMs: 100, explain: () => `${logTail(logs)()}\npgbouncer log:\n${bouncer.log().split('\n').slice(-20).join('\n')}` });

async function snapshotOf(id: string): Promise<Snapshot | null> {
  const response = await snapshotRoute.GET(request(`/api/targets/${id}/snapshot`), idParams(id));
  return response.status === 200 ? ((await response.json()) as Snapshot) : null;
}

async function budgetOf(id: string): Promise<TargetBudget> {
  const response = await budgetRoute.GET(request(`/api/targets/${id}/budget`), idParams(id));
  expect(response.status).toBe(200);
  return (await response.json()) as TargetBudget;
}

/** A client of the pooled database as an application opens one; false when PgBouncer refused it. */
async function openClient(applicationName: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: bouncer.clientUrl, application_name: applicationName });
  client.on('error', () => {});
  try {
    await client.connect();
    clients.push(client);
    return true;
  } catch (error) {
    expect((error as Error).message).toBe('no more connections allowed (max_client_conn)');
    return false;
  }
}

async function closeClients(): Promise<void> {
  await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
}

beforeAll(async () => {
  app = await startTestApp();
  backend = await startTestPostgres({ maxConnections: BACKEND_MAX_CONNECTIONS });
  const server = backendOf(backend);
  // Two [databases] entries on the same server: 2 pools × (5 + 1 reserve) = 12 ≤ 17 usable.
  bouncer = await startTestPgBouncer({ backend: server, poolSize: 5, reservePoolSize: 1, maxClientConn: MAX_CLIENT_CONN, moreDatabases: { reports: 'postgres' } });
  // 2 pools × (25 + 5 reserve) = 60 > 17 usable: this one can flood the database by itself.
  bigBouncer = await startTestPgBouncer({ backend: server, poolSize: 25, reservePoolSize: 5, moreDatabases: { reports: 'postgres' } });
  database = await registerTarget({ name: 'orders-db', url: backend.url(), intervalMs: INTERVAL_MS });
  pooler = await registerTarget({ name: 'orders-bouncer', url: bouncer.adminUrl, intervalMs: INTERVAL_MS, kind: 'pgbouncer', backendTargetId: database.id });
  bigPooler = await registerTarget({ name: 'reports-bouncer', url: bigBouncer.adminUrl, intervalMs: INTERVAL_MS, kind: 'pgbouncer', backendTargetId: database.id });
  const log = (line: string) => logs.push(line);
  collector = startCollector({ db: app.store.db, storeUrl: app.store.url, reconcileMs: 500, log });
  evaluator = startEvaluator({ db: app.store.db, periodMs: 1_000, log });
  await collector.refresh();
}, 120_000);

afterAll(async () => {
  await closeClients();
  await evaluator?.stop();
  await collector?.stop();
  await bouncer?.stop();
  await bigBouncer?.stop();
  await backend?.stop();
  await app?.stop();
});

describe('PgBouncer floods', () => {
  it('refuses a probe database PgBouncer does not have with 400, and registers nothing', async () => {
    const before = await app.store.db.target.count();
    const response = await postTarget({ name: 'bad-bouncer', url: bouncer.adminUrl, kind: 'pgbouncer', probeDatabase: 'nosuch' });
    expect(response.status).toBe(400);
    expect((await response.json()) as { error: string }).toEqual({ error: 'probeDatabase: PgBouncer has no database "nosuch" in its [databases] (it has appdb, reports)' });
    const console = await postTarget({ name: 'bad-bouncer', url: bouncer.adminUrl, kind: 'pgbouncer', probeDatabase: 'pgbouncer' });
    expect(console.status).toBe(400);
    expect(await console.text()).toMatch(/probeDatabase cannot be the admin console/);
    const onPostgres = await postTarget({ name: 'bad-db', url: backend.url(), probeDatabase: 'appdb' });
    expect(onPostgres.status).toBe(400);
    expect(await app.store.db.target.count()).toBe(before);

    const chosen = await registerTarget({ name: 'reports-probe', url: bouncer.adminUrl, kind: 'pgbouncer', probeDatabase: 'reports' });
    expect(chosen).toMatchObject({ kind: 'pgbouncer', probeDatabase: 'reports' });
    expect(pooler.probeDatabase).toBeNull();
    await app.store.db.target.delete({ where: { id: chosen.id } });
  });

  it("lists the pooler's holders per application × client address from SHOW CLIENTS", async () => {
    for (let i = 0; i < 3; i++) await openClient('orders-web');
    for (let i = 0; i < 2; i++) await openClient('orders-worker');
    const snapshot = await waitFor('SHOW CLIENTS holders', async () => {
      const latest = await snapshotOf(pooler.id);
      return latest?.applications.some((holder) => holder.name === 'orders-worker') ? latest : null;
    });
    expect(snapshot.error).toBeNull();
    expect(snapshot.applications).toEqual(
      expect.arrayContaining([
        { name: 'orders-web', clientAddr: '127.0.0.1', total: 3, active: 0, idle: 3, idleInTransaction: 0, waiting: 0 },
        { name: 'orders-worker', clientAddr: '127.0.0.1', total: 2, active: 0, idle: 2, idleInTransaction: 0, waiting: 0 },
        // Lifeguard's own console session counts against max_client_conn, as its backend does against max_connections.
        expect.objectContaining({ name: 'lifeguard', total: 1 }),
      ]),
    );
    await closeClients();
  });

  it('flags a pooler whose pools can open more than the database accepts, and weighs max_client_conn against the apps', async () => {
    const big = await waitFor('the big pooler budget', async () => {
      const budget = await budgetOf(bigPooler.id);
      return budget.poolers[0]?.databases.length ? budget : null;
    });
    expect(big.poolers).toEqual([
      expect.objectContaining({
        targetId: bigPooler.id,
        backendTargetId: database.id,
        usable: BACKEND_USABLE,
        committed: 60,
        overCommitted: true,
        explanation: `reports-bouncer: 2 pools × (25 + 5 reserve) = 60 > ${BACKEND_USABLE} usable on orders-db`,
      }),
    ]);
    const small = (await budgetOf(pooler.id)).poolers[0];
    expect(small).toMatchObject({ committed: 12, overCommitted: false, explanation: `orders-bouncer: 2 pools × (5 + 1 reserve) = 12 ≤ ${BACKEND_USABLE} usable on orders-db` });
    // The database's own page sees both poolers in front of it.
    expect((await budgetOf(database.id)).poolers.map((p) => [p.targetName, p.overCommitted])).toEqual([['orders-bouncer', false], ['reports-bouncer', true]]);

    // The checkout fleet reports its pools against the pooler: 16 × 1 > max_client_conn, before any flood.
    const at = new Date().toISOString();
    const reports = Array.from({ length: CLIENTS }, (_, i) => ({
      application: 'checkout-web', instance: `checkout-${i + 1}`, target: 'orders-bouncer', at, poolMax: 1, total: 0, idle: 0, waiting: 0, queries: 0, errors: 0, p50Ms: null, p95Ms: null, p99Ms: null,
    }));
    await ingestReports(app.store.db, { reports });
    expect(await budgetOf(pooler.id)).toMatchObject({
      limitLabel: 'max_client_conn',
      usable: MAX_CLIENT_CONN,
      committed: CLIENTS,
      overCommitted: true,
      explanation: `checkout-web: ${CLIENTS} instances × pool max 1 = ${CLIENTS} > ${MAX_CLIENT_CONN} max_client_conn`,
    });
  });

  it('sees clients refused at max_client_conn within two intervals, fires "Refusing connections" and opens an incident naming the application', async () => {
    let firstRefusedAt: number | null = null;
    let refused = 0;
    for (let i = 0; i < CLIENTS; i++) {
      if (!(await openClient('checkout-web'))) {
        refused += 1;
        firstRefusedAt ??= Date.now();
      }
    }
    // Lifeguard's console session holds one of the 12 slots (and its probe, now and then, another).
    expect(clients.length).toBeGreaterThanOrEqual(MAX_CLIENT_CONN - 2);
    expect(refused).toBe(CLIENTS - clients.length);
    expect(firstRefusedAt).not.toBeNull();

    const sample = await waitFor('a refusal sample of the pooler', () =>
      app.store.db.sample.findFirst({ where: { targetId: pooler.id, errorCode: 'pgbouncer:max_client_conn' }, orderBy: { at: 'asc' } }),
    );
    expect(sample.at.getTime() - firstRefusedAt!).toBeLessThanOrEqual(2 * INTERVAL_MS);
    // The figures are still read over the console: the pooler is refusing, not unreachable.
    expect(sample.total).toBe(MAX_CLIENT_CONN);
    const snapshot = await snapshotOf(pooler.id);
    expect(snapshot?.errorCode).toBe('pgbouncer:max_client_conn');
    expect(snapshot?.error).toMatch(/^refusing new connections at PgBouncer: PgBouncer is at max_client_conn/);

    const alert = await waitFor('the refusal alert and its incident', async () => {
      const found = await app.store.db.alert.findFirst({ where: { ruleId: REFUSING_RULE, targetId: pooler.id } });
      return found?.incidentId ? found : null;
    });
    const incident = await getIncident(app.store.db, alert.incidentId!);
    const seconds = (incident.createdAt ? Date.parse(incident.createdAt) - firstRefusedAt! : NaN) / 1000;
    console.log(`[pgbouncer-flood] first refused client → refusal sample ${(sample.at.getTime() - firstRefusedAt!) / 1000} s → incident ${seconds} s (interval ${INTERVAL_MS} ms, evaluator 1 s)`);
    expect(incident).toMatchObject({ title: 'orders-bouncer: refusing new connections', createdBy: 'Lifeguard', targets: [{ id: pooler.id, name: 'orders-bouncer' }] });
    const opening = incident.timeline.find((entry) => entry.kind === 'alert' && entry.body.includes('refuses new connections'));
    expect(opening?.body).toMatch(/orders-bouncer refuses new connections \(refusing new connections at PgBouncer: PgBouncer is at max_client_conn.*\) — top holders: checkout-web \d+/);
    // Nothing fired on the database behind it: it is not the layer refusing.
    expect(await app.store.db.alert.count({ where: { ruleId: REFUSING_RULE, targetId: database.id, state: 'firing' } })).toBe(0);

    const evidence = (await incidentFindings(app.store.db, incident.id)).find((e) => e.targetId === pooler.id);
    expect(evidence?.topHolders[0]).toMatchObject({ name: 'checkout-web', clientAddr: '127.0.0.1', total: clients.length });
    expect(evidence?.error).toMatch(/max_client_conn/);
    expect(evidence?.budget).toMatchObject({ limitLabel: 'max_client_conn', overCommitted: true });
    expect(evidence?.budget?.poolers?.[0]?.explanation).toBe(`orders-bouncer: 2 pools × (5 + 1 reserve) = 12 ≤ ${BACKEND_USABLE} usable on orders-db`);

    // Once the clients leave, the probe gets in again.
    await closeClients();
    const calm = await waitFor('the refusal to clear', async () => {
      const latest = await snapshotOf(pooler.id);
      return latest && latest.error === null ? latest : null;
    });
    expect(calm.errorCode).toBeNull();
  }, 90_000);
});
