import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type Collector } from '@/lib/collector/collector';
import type { ApplicationHolders, LockedSession } from '@/lib/samples/types';
import { startLocalPostgres, type LocalPostgres } from '@/lib/store/local-postgres';
import { startTestStore, type TestStore } from '@/tests/support/postgres';
import { testWait, logTail } from '@/tests/support/wait';

/**
 * The collector against a real target server: attribution of connections, its own footprint,
 * a target at max_connections, a target restart, and a deleted target.
 */
const INTERVAL_MS = 250;
const MAX_CONNECTIONS = 20;

let store: TestStore;
let targetDir: string;
let target: LocalPostgres;
let admin: pg.Client;
let collector: Collector;
let targetId: string;
const logs: string[] = [];
const serverLog: string[] = [];
const clients: pg.Client[] = [];

function roleUrl(role: string): string {
  return `postgres://${role}:${role}-secret@127.0.0.1:${target.port}/postgres`;
}

async function connect(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  client.on('error', () => {}); // the restart test terminates these on purpose
  await client.connect();
  clients.push(client);
  return client;
}

async function connectAdmin(): Promise<pg.Client> {
  return connect(target.url(), 'test-admin');
}

async function closeClients(): Promise<void> {
  await Promise.all(clients.splice(0).filter((client) => client !== admin).map((client) => client.end().catch(() => {})));
  clients.push(admin);
}

const waitFor = testWait({ timeoutMs: 10_000, everyMs: 50, explain: logTail(logs) });

async function samplesSince(since: Date) {
  return store.db.sample.findMany({ where: { targetId, at: { gte: since } }, orderBy: { at: 'asc' } });
}

/** The jsonb column as recordSample writes it. */
function applicationsOf(sample: { applications: unknown }): ApplicationHolders[] {
  return (sample.applications as ApplicationHolders[] | null) ?? [];
}

async function countBackends(applicationName: string): Promise<number> {
  const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
  return rows[0]?.n ?? 0;
}

beforeAll(async () => {
  store = await startTestStore();
  targetDir = await mkdtemp(path.join(tmpdir(), 'lifeguard-target-'));
  // Every login logged, so the test can count the probes (their application_name is in the line).
  target = await startLocalPostgres({ dir: targetDir, maxConnections: MAX_CONNECTIONS, settings: { log_connections: 'on' }, onLog: (line) => serverLog.push(line) });
  admin = await connectAdmin();
  // Neither role is a superuser, so a full server refuses them with the ordinary 53300 and the
  // superuser_reserved_connections slots stay free for the test's own admin connection.
  // pg_monitor lets Lifeguard see other roles' states and client addresses.
  await admin.query(`CREATE ROLE monitor LOGIN PASSWORD 'monitor-secret' IN ROLE pg_monitor`);
  await admin.query(`CREATE ROLE app LOGIN PASSWORD 'app-secret'`);
  await admin.query('CREATE TABLE lockme (id int); GRANT ALL ON lockme TO app');

  collector = startCollector({ db: store.db, storeUrl: store.url, log: (message) => logs.push(message) });
  // Registered after the collector started: the periodic reconcile must pick it up.
  ({ id: targetId } = await store.db.target.create({ data: { name: 'prod', url: roleUrl('monitor'), intervalMs: INTERVAL_MS } }));
  await waitFor('the first sample', async () => (await samplesSince(new Date(0))).length > 0);
});

afterAll(async () => {
  await collector?.stop();
  await Promise.all(clients.map((client) => client.end().catch(() => {})));
  await target?.stop();
  if (targetDir) await rm(targetDir, { recursive: true, force: true });
  await store?.stop();
});

describe('collector', () => {
  it('attributes connections to their application and state within two intervals', async () => {
    const holder = await connect(roleUrl('app'), 'test-app');
    const waiter = await connect(roleUrl('app'), 'test-app');
    await connect(roleUrl('app'), 'test-app'); // stays idle
    await holder.query('BEGIN; LOCK TABLE lockme'); // idle in transaction, holding the lock
    await waiter.query('BEGIN');
    const blocked = waiter.query('LOCK TABLE lockme');
    blocked.catch(() => {}); // active, waiting on the lock
    const opened = new Date();

    const expected: ApplicationHolders = { name: 'test-app', clientAddr: '127.0.0.1', total: 3, active: 1, idle: 1, idleInTransaction: 1 };
    const sample = await waitFor('a sample showing test-app', async () =>
      (await samplesSince(new Date(opened.getTime() - INTERVAL_MS))).find((s) =>
        // The counts; the ages beside them are the causes' business (tests/integration/causes.test.ts).
        applicationsOf(s).some(({ name, clientAddr, total, active, idle, idleInTransaction }) =>
          isDeepStrictEqual({ name, clientAddr, total, active, idle, idleInTransaction }, expected),
        ),
      ),
    );
    expect(sample.at.getTime() - opened.getTime()).toBeLessThanOrEqual(2 * INTERVAL_MS);
    expect(sample.waiting).toBeGreaterThanOrEqual(1);
    // Someone waits, so the sample read who blocks whom: the waiter names the holder's pid.
    const tree = (sample.lockTree ?? []) as unknown as LockedSession[];
    const head = tree.find((session) => session.state === 'idle in transaction' && session.blockedBy.length === 0);
    expect(head).toMatchObject({ application: 'test-app', clientAddr: '127.0.0.1' });
    expect(tree.some((session) => session.blockedBy.includes(head!.pid))).toBe(true);
    expect(sample.oldestXactSeconds).not.toBeNull();
    expect(sample.maxConnections).toBe(MAX_CONNECTIONS);
    expect(sample.reservedConnections).toBe(3);
    expect(sample.probeLatencyMs).toBeGreaterThan(0);
    expect(sample.error).toBeNull();

    await holder.query('ROLLBACK');
    await blocked;
    await waiter.query('ROLLBACK');
    await closeClients();
  });

  it('keeps exactly one persistent connection and at most one probe at a time', async () => {
    let maxProbes = 0;
    const until = Date.now() + 6 * INTERVAL_MS;
    while (Date.now() < until) {
      expect(await countBackends('lifeguard')).toBe(1);
      maxProbes = Math.max(maxProbes, await countBackends('lifeguard-probe'));
    }
    expect(maxProbes).toBeLessThanOrEqual(1);
    const recent = await samplesSince(new Date(Date.now() - 4 * INTERVAL_MS));
    expect(recent.some((s) => s.connectLatencyMs !== null)).toBe(true);
  });

  it('probes a calm target every fifth tick, and every tick once it is near its limit', async () => {
    const probesOver = async (ticks: number) => {
      const before = serverLog.length;
      await new Promise((resolve) => setTimeout(resolve, ticks * INTERVAL_MS));
      return serverLog.slice(before).filter((line) => line.includes('connection authorized') && line.includes('application_name=lifeguard-probe')).length;
    };
    // Calm: the monitor's own connection and the admin's, of 17 usable slots.
    const calm = await probesOver(20);
    expect(calm).toBeGreaterThanOrEqual(2);
    expect(calm).toBeLessThanOrEqual(6);
    // 13 of 17 usable slots taken: at least 75 %.
    for (let i = 0; i < 11; i++) await connect(roleUrl('app'), 'busy');
    const opened = new Date();
    await waitFor('a sample counting 13 connections', async () => (await samplesSince(opened)).find((s) => (s.total ?? 0) >= 13), 5_000);
    const nearFrom = new Date();
    const near = await probesOver(20);
    expect(near).toBeGreaterThanOrEqual(12);
    // The probe starts after each read: the counts are the sessions held, never Lifeguard's probe too.
    expect(new Set((await samplesSince(nearFrom)).map((sample) => sample.total))).toEqual(new Set([13]));
    await closeClients();
  });

  it('observes "too many clients" through the probe while the persistent connection keeps reporting', async () => {
    const flood: pg.Client[] = [];
    const openOne = async (): Promise<boolean> => {
      try {
        flood.push(await connect(roleUrl('app'), 'flood'));
        return true;
      } catch (err) {
        if ((err as { code?: string }).code !== '53300') throw err;
        return false;
      }
    };
    while (await openOne());
    const full = new Date();
    // Keep the server full: grab any slot a finishing probe gives back.
    let topping = true;
    const topUp = (async () => {
      while (topping) {
        await openOne();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    try {
      const refused = await waitFor('a sample recording 53300', async () => (await samplesSince(full)).find((s) => s.errorCode === '53300'));
      expect(refused.error).toMatch(/too many clients/);
      expect(refused.maxConnections).toBe(MAX_CONNECTIONS);
      expect(refused.total).toBeGreaterThanOrEqual(MAX_CONNECTIONS - 3);
      expect(applicationsOf(refused)).toContainEqual(expect.objectContaining({ name: 'flood', total: flood.length }));
    } finally {
      topping = false;
      await topUp;
      await closeClients();
    }
    const relieved = new Date();
    await waitFor('a clean sample once the flood is gone', async () => (await samplesSince(relieved)).find((s) => s.error === null && s.total !== null));
  });

  it('records gaps with null figures while the target restarts, then resumes by itself', async () => {
    const { port } = target;
    const stoppedAt = new Date();
    await target.stop();
    await waitFor('error samples while the target is down', async () => (await samplesSince(stoppedAt)).filter((s) => s.error !== null).length >= 2);

    target = await startLocalPostgres({ dir: targetDir, port, maxConnections: MAX_CONNECTIONS });
    const restartedAt = new Date();
    admin = await connectAdmin();
    const resumed = await waitFor('a sample after the restart', async () =>
      (await samplesSince(restartedAt)).find((s) => s.error === null && s.total !== null),
    );
    expect(resumed.maxConnections).toBe(MAX_CONNECTIONS);

    const gap = (await samplesSince(stoppedAt)).filter((s) => s.at < restartedAt && s.error !== null);
    expect(gap.length).toBeGreaterThanOrEqual(2);
    for (const sample of gap) {
      expect(sample).toMatchObject({ total: null, maxConnections: null, active: null, applications: null });
      // 57P03: a reconnect that reached the server while it was shutting down or starting up.
      expect(['57P01', '57P03', 'ECONNREFUSED', 'ECONNRESET']).toContain(sample.errorCode);
    }
    expect(collector.samplerCount()).toBe(1);
    expect(await countBackends('lifeguard')).toBe(1);
  });

  it('stops sampling a deleted target and closes its connection', async () => {
    await store.db.target.delete({ where: { id: targetId } });
    await collector.refresh();
    expect(collector.samplerCount()).toBe(0);
    await waitFor('the lifeguard connection to go', async () => (await countBackends('lifeguard')) === 0);
    expect(await countBackends('lifeguard-probe')).toBe(0);
  });
});
