import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as poolsLatestRoute from '@/app/api/targets/[id]/pools/latest/route';
import * as poolsRoute from '@/app/api/targets/[id]/pools/route';
import * as snapshotRoute from '@/app/api/targets/[id]/snapshot/route';
import { evaluateOnce } from '@/lib/alerts/evaluator';
import { startCollector, type Collector } from '@/lib/collector/collector';
import type { LatestPools, PoolSeries } from '@/lib/pooler/types';
import type { Snapshot } from '@/lib/samples/types';
import type { TargetView } from '@/lib/targets/targets';
import { idParams, request, startTestApp } from '../support/app';
import { backendOf, PGBOUNCER_BINARY, startTestPgBouncer, type TestPgBouncer } from '../support/pgbouncer';
import { startTestPostgres, type TestPostgres } from '../support/postgres';
import { postTarget, registerTarget } from '../support/targets-api';
import { logTail, testWait } from '@/tests/support/wait';

/**
 * A real PgBouncer (Debian's package) in front of a real PostgreSQL: the collector reads its
 * admin console, clients beyond the pool size queue, and the pools API and alert rules see it.
 */
const POOL_SIZE = 2;
const CLIENTS = 5;
const WAITING_RULE = '00000000-0000-4000-8000-000000000209';
const MAX_WAIT_RULE = '00000000-0000-4000-8000-000000000210';

if (!existsSync(PGBOUNCER_BINARY)) {
  // Loud rather than skipped: CI installs it (.ci/run), so a missing binary is a broken machine.
  throw new Error(`${PGBOUNCER_BINARY} is missing: apt-get install -y pgbouncer`);
}

let app: Awaited<ReturnType<typeof startTestApp>>;
let backend: TestPostgres;
let bouncer: TestPgBouncer;
let collector: Collector;
let pooler: TargetView;
let database: TargetView;
/** The pool's user: the one the [databases] entry forces towards PostgreSQL, not the client's. */
let poolUser: string;
const logs: string[] = [];
const clients: pg.Client[] = [];

const waitFor = testWait({ timeoutMs: 15_000, everyMs: 100, explain: () => `${logTail(logs)()}\npgbouncer log:\n${bouncer.log()}` });


beforeAll(async () => {
  app = await startTestApp();
  backend = await startTestPostgres();
  const server = backendOf(backend);
  poolUser = server.user;
  bouncer = await startTestPgBouncer({ backend: server, poolSize: POOL_SIZE });
  database = await registerTarget({ name: 'orders-db', url: backend.url(), intervalMs: 250 });
  pooler = await registerTarget({ name: 'orders-bouncer', url: bouncer.adminUrl, intervalMs: 250, kind: 'pgbouncer', backendTargetId: database.id });
  collector = startCollector({ db: app.store.db, storeUrl: app.store.url, reconcileMs: 500, log: (line) => logs.push(line) });
  await collector.refresh();
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.end().catch(() => {})));
  await collector?.stop();
  await bouncer?.stop();
  await backend?.stop();
  await app?.stop();
});

describe('PgBouncer targets', () => {
  it('registers a pgbouncer target with the database behind it, and refuses a backend that is not postgres', async () => {
    expect(pooler).toMatchObject({ kind: 'pgbouncer', backendTargetId: database.id, url: expect.not.stringContaining('monitor-secret') });
    expect(database).toMatchObject({ kind: 'postgres', backendTargetId: null });
    const bad = await postTarget({ name: 'x', url: bouncer.adminUrl, kind: 'pgbouncer', backendTargetId: pooler.id });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/backendTargetId must be a postgres target/);
    const misplaced = await postTarget({ name: 'y', url: backend.url(), backendTargetId: database.id });
    expect(misplaced.status).toBe(400);
  });

  it('samples the admin console: pools, and a regular sample of clients against max_client_conn', async () => {
    const snapshot = await waitFor('a pgbouncer sample', async () => {
      const response = await snapshotRoute.GET(request(`/api/targets/${pooler.id}/snapshot`), idParams(pooler.id));
      const body = response.status === 200 ? ((await response.json()) as Snapshot) : null;
      return body && body.total !== null ? body : null;
    });
    expect(snapshot).toMatchObject({ maxConnections: 50, reservedConnections: 0, error: null, waiting: 0 });
    // Lifeguard's own console session counts against max_client_conn.
    expect(snapshot.total).toBeGreaterThanOrEqual(1);
    const latest = (await (await poolsLatestRoute.GET(request(`/api/targets/${pooler.id}/pools/latest`), idParams(pooler.id))).json()) as LatestPools;
    // The console's own pseudo-pool is not a pool of the application's.
    expect(latest.pools.map((pool) => pool.database)).not.toContain('pgbouncer');
  });

  it('sees clients queue beyond the pool size, serves them through the pools API and fires the waiting alert', async () => {
    const since = new Date();
    for (let i = 0; i < CLIENTS; i++) {
      const client = new pg.Client({ connectionString: bouncer.clientUrl, application_name: `web-${i}` });
      client.on('error', () => {});
      await client.connect();
      clients.push(client);
    }
    // Transaction pooling: each transaction holds a server connection until it ends, so with a
    // pool of 2 the other clients wait in PgBouncer's queue.
    const busy = clients.map((client) => client.query('BEGIN; SELECT pg_sleep(3); COMMIT').catch(() => {}));

    const queued = await waitFor('waiting clients in pooler_samples', async () => {
      const rows = await app.store.db.poolerSample.findMany({ where: { targetId: pooler.id, at: { gte: since }, clWaiting: { gt: 0 } }, orderBy: { at: 'desc' } });
      return rows.find((row) => row.clWaiting >= CLIENTS - POOL_SIZE && row.maxWaitSeconds > 0.3);
    });
    expect(queued).toMatchObject({ database: bouncer.database, user: poolUser, svActive: POOL_SIZE, clActive: POOL_SIZE });

    // Short `for` so the test need not wait 30 s: two rounds a little over a second apart.
    await app.store.db.alertRule.update({ where: { id: WAITING_RULE }, data: { forSeconds: 1 } });
    await evaluateOnce(app.store.db);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await evaluateOnce(app.store.db);
    const alerts = await app.store.db.alert.findMany({ where: { ruleId: { in: [WAITING_RULE, MAX_WAIT_RULE] } } });
    const waiting = alerts.find((alert) => alert.ruleId === WAITING_RULE && alert.targetId === pooler.id);
    expect(waiting?.state).toBe('firing');
    // A client whose first login needs a server's parameters can be counted as waiting too.
    expect(waiting?.value).toBeGreaterThanOrEqual(1);
    // The pooler metrics watch pgbouncer targets only, never the PostgreSQL behind it.
    expect(alerts.filter((alert) => alert.targetId === database.id)).toEqual([]);

    const to = Date.now() + 1_000;
    const response = await poolsRoute.GET(request(`/api/targets/${pooler.id}/pools?from=${since.getTime() - 1_000}&to=${to}&points=10`), idParams(pooler.id));
    expect(response.status).toBe(200);
    const series = (await response.json()) as PoolSeries;
    expect(series.metrics).toEqual(['clActive', 'clWaiting', 'svActive', 'svIdle', 'maxWaitSeconds']);
    const pool = series.pools.find((candidate) => candidate.database === bouncer.database && candidate.user === poolUser);
    expect(pool).toBeDefined();
    expect(pool!.rows.length).toBeLessThanOrEqual(10);
    expect(Math.max(...pool!.rows.map((row) => row[2]))).toBeGreaterThanOrEqual(CLIENTS - POOL_SIZE);
    expect(Math.max(...pool!.rows.map((row) => row[3]))).toBe(POOL_SIZE);

    const bad = await poolsRoute.GET(request(`/api/targets/${pooler.id}/pools?points=0`), idParams(pooler.id));
    expect(bad.status).toBe(400);

    await Promise.all(busy);
    const drained = await waitFor('the queue to drain', async () => {
      const latest = (await (await poolsLatestRoute.GET(request(`/api/targets/${pooler.id}/pools/latest`), idParams(pooler.id))).json()) as LatestPools;
      const mine = latest.pools.find((candidate) => candidate.database === bouncer.database);
      return mine && mine.clWaiting === 0 && mine.svActive === 0 && mine.queriesPerSec !== null ? mine : null;
    });
    expect(drained).toMatchObject({ clWaiting: 0, svActive: 0, maxWaitSeconds: 0 });
  }, 60_000);

  it('records an error sample when PgBouncer is gone', async () => {
    await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
    await bouncer.stop();
    const snapshot = await waitFor('an error sample', async () => {
      const body = (await (await snapshotRoute.GET(request(`/api/targets/${pooler.id}/snapshot`), idParams(pooler.id))).json()) as Snapshot;
      return body.error !== null && body.total === null ? body : null;
    });
    expect(snapshot.error).toBeTruthy();
  }, 30_000);
});
