import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector } from '@/lib/collector/collector';
import { createDb, type Db } from '@/lib/store/db';
import { CHANNELS, type SampleNotification } from '@/lib/events/channels';
import { recordSample } from '@/lib/samples/record';
import type { SampleRecord } from '@/lib/samples/types';
import { startLocalPostgres, type LocalPostgres } from '@/lib/store/local-postgres';
import { migrate } from '@/lib/store/migrate';
import { startTestPostgres, type TestPostgres } from '@/tests/support/postgres';
import { testWait } from '@/tests/support/wait';

/** Storing samples (insert + NOTIFY), and a collector that outlives a restart of its store. */
let storeDir: string;
let storeServer: LocalPostgres;
let db: Db;
let target: TestPostgres;
let listener: pg.Client;
const notifications: SampleNotification[] = [];

const waitFor = testWait({ timeoutMs: 10_000, everyMs: 50 });

async function listen(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: storeServer.url() });
  client.on('error', () => {}); // the store restart below ends it
  client.on('notification', (message) => {
    if (message.channel === CHANNELS.samples && message.payload) notifications.push(JSON.parse(message.payload) as SampleNotification);
  });
  await client.connect();
  await client.query(`LISTEN ${CHANNELS.samples}`);
  return client;
}

beforeAll(async () => {
  storeDir = await mkdtemp(path.join(tmpdir(), 'lifeguard-store-'));
  storeServer = await startLocalPostgres({ dir: storeDir });
  await migrate(storeServer.url());
  db = createDb(storeServer.url());
  target = await startTestPostgres();
  listener = await listen();
});

afterAll(async () => {
  await listener?.end().catch(() => {});
  await db?.$disconnect();
  await storeServer?.stop();
  if (storeDir) await rm(storeDir, { recursive: true, force: true });
  await target?.stop();
});

describe('recordSample', () => {
  it('stores a sample once and notifies the samples channel once', async () => {
    const { id } = await db.target.create({ data: { name: 'record', url: target.url() } });
    const sample: SampleRecord = {
      targetId: id,
      at: new Date('2026-01-02T03:04:05.678Z'),
      maxConnections: 100,
      reservedConnections: 3,
      total: 12,
      states: { active: 2, idle: 8, idleInTransaction: 1, idleInTransactionAborted: 1 },
      waiting: 1,
      oldestXactSeconds: 12.5,
      probeLatencyMs: 0.4,
      connectLatencyMs: 3.2,
      commitsPerSec: 40,
      rollbacksPerSec: 0.5,
      deadlocksPerSec: 0,
      applications: [{ name: 'web', clientAddr: '10.0.0.7', total: 12, active: 2, idle: 8, idleInTransaction: 2, idleLong: 6, idleMaxSeconds: 40 }],
      serverStats: {
        superuserReserved: 3,
        activity: [{ datname: 'app', usename: 'web', applicationName: 'web', state: 'idle', count: 8, maxTxSeconds: 0 }],
        databases: [{ datid: '5', datname: 'app', numbackends: 12, xactCommit: 1000, xactRollback: 2, deadlocks: 0 }],
        locks: [],
      },
      newBackends: 4,
      slowQueries: [{ pid: 71, application: 'web', clientAddr: '10.0.0.7', seconds: 9, query: 'SELECT pg_sleep(10)' }],
      lockTree: [{ pid: 70, application: 'web', clientAddr: '10.0.0.7', state: 'idle in transaction', xactSeconds: 12, blockedBy: [] }],
      error: 'refusing new connections: too many clients already (SQLSTATE 53300)',
      errorCode: '53300',
    };
    const before = notifications.length;
    const recordedAt = Date.now();
    expect(await recordSample(db, { ...sample, stages: { read: recordedAt - 5, recorded: recordedAt } })).toBe(true);
    expect(await recordSample(db, { ...sample, total: 99 })).toBe(false);

    const notified = await waitFor('the notification', () => notifications.length > before && notifications.slice(before));
    // The live path's stage times ride along; `stored` is the store's clock in ms as the row went in.
    expect(notified).toEqual([{ targetId: id, at: '2026-01-02T03:04:05.678Z', stages: { read: recordedAt - 5, recorded: recordedAt, stored: expect.any(Number) } }]);
    expect(Math.abs(notified[0]!.stages!.stored! - recordedAt)).toBeLessThan(60_000);
    const stored = await db.sample.findMany({ where: { targetId: id } });
    expect(stored).toEqual([
      {
        targetId: id,
        at: sample.at,
        maxConnections: 100,
        reservedConnections: 3,
        total: 12,
        active: 2,
        idle: 8,
        idleInTransaction: 1,
        idleInTransactionAborted: 1,
        waiting: 1,
        oldestXactSeconds: 12.5,
        probeLatencyMs: 0.4,
        connectLatencyMs: 3.2,
        commitsPerSec: 40,
        rollbacksPerSec: 0.5,
        deadlocksPerSec: 0,
        applications: sample.applications,
        serverStats: sample.serverStats,
        newBackends: 4,
        slowQueries: sample.slowQueries,
        lockTree: sample.lockTree,
        error: sample.error,
        errorCode: '53300',
      },
    ]);
  });

  it('stores an error sample with null figures', async () => {
    const { id } = await db.target.create({ data: { name: 'record-null', url: target.url() } });
    const at = new Date();
    const empty = { maxConnections: null, reservedConnections: null, total: null, states: null, waiting: null, oldestXactSeconds: null };
    const rates = { probeLatencyMs: null, connectLatencyMs: null, commitsPerSec: null, rollbacksPerSec: null, deadlocksPerSec: null };
    await recordSample(db, { targetId: id, at, ...empty, ...rates, applications: null, error: 'unreachable: connection refused (ECONNREFUSED)', errorCode: 'ECONNREFUSED' });
    const stored = await db.sample.findFirstOrThrow({ where: { targetId: id } });
    expect(stored).toMatchObject({ at, total: null, active: null, applications: null, errorCode: 'ECONNREFUSED' });
  });
});

describe('collector and its store', () => {
  it('keeps sampling through a store restart and stores again once it is back', async () => {
    const logs: string[] = [];
    const seen: SampleRecord[] = [];
    await db.target.deleteMany(); // only this test's target
    const { id } = await db.target.create({ data: { name: 'through-restart', url: target.url(), intervalMs: 250 } });
    const collector = startCollector({ db, storeUrl: storeServer.url(), reconcileMs: 500, log: (message) => logs.push(message), onSample: (sample) => seen.push(sample) });
    try {
      await waitFor('a stored sample', async () => (await db.sample.count({ where: { targetId: id } })) > 0);

      const { port } = storeServer;
      await storeServer.stop();
      const downAt = Date.now();
      await waitFor('samples taken while the store is down', () => seen.filter((s) => s.at.getTime() > downAt + 300).length >= 2);
      expect(collector.samplerCount()).toBe(1);
      expect(logs.some((line) => line.startsWith('store unavailable'))).toBe(true);

      storeServer = await startLocalPostgres({ dir: storeDir, port });
      const upAt = new Date();
      await waitFor('samples stored after the store came back', async () => (await db.sample.count({ where: { targetId: id, at: { gt: upAt } } })) > 0);
      expect(collector.samplerCount()).toBe(1);
    } finally {
      await collector.stop();
    }
    listener = await listen();
  });
});
