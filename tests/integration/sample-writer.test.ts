import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector } from '@/lib/collector/collector';
import { CHANNELS, type SampleNotification } from '@/lib/events/channels';
import { recordSample } from '@/lib/samples/record';
import { createSampleWriter, type SampleWriter } from '@/lib/samples/sample-writer';
import type { SampleRecord } from '@/lib/samples/types';
import { startLocalPostgres } from '@/lib/store/local-postgres';
import { migrate } from '@/lib/store/migrate';
import { startTestPostgres, startTestStore, type TestPostgres, type TestStore } from '@/tests/support/postgres';
import { testWait, logTail } from '@/tests/support/wait';

/**
 * The collector's write path (lib/samples/sample-writer.ts) against a real store: samples ready
 * together go in one statement, only new ones are announced, a listener finds every sample it is
 * told about, and faults of the store lose no sample the writer said was stored.
 */
let store: TestStore;
let listener: pg.Client;
let reader: pg.Pool;
const notifications: SampleNotification[] = [];
/** Each notified sample, looked up the moment its notice arrived: whether it was there. */
const foundOnNotice: boolean[] = [];
const logs: string[] = [];

function sample(targetId: string, at: Date, figures: Partial<SampleRecord> = {}): SampleRecord {
  return {
    targetId,
    at,
    maxConnections: 100,
    reservedConnections: 3,
    total: 7,
    states: { active: 1, idle: 6, idleInTransaction: 0, idleInTransactionAborted: 0 },
    waiting: 0,
    oldestXactSeconds: null,
    probeLatencyMs: 0.3,
    connectLatencyMs: 2.1,
    commitsPerSec: 10,
    rollbacksPerSec: 0,
    deadlocksPerSec: 0,
    applications: [{ name: 'web "quoted" \\ app', clientAddr: null, total: 7, active: 1, idle: 6, idleInTransaction: 0 }],
    error: null,
    errorCode: null,
    ...figures,
  };
}

async function newTarget(name: string): Promise<string> {
  return (await store.db.target.create({ data: { name, url: 'postgres://u@127.0.0.1:1/db' } })).id;
}

const waitFor = testWait({ timeoutMs: 10_000, everyMs: 25, explain: logTail(logs) });

const storedCount = async (targetId: string) => store.db.sample.count({ where: { targetId } });
const notified = (targetId: string) => notifications.filter((note) => note.targetId === targetId);

/** Ends the writer's store connection from the server side, as a store restart or a DBA would. */
async function terminateWriterConnection(): Promise<number> {
  const { rows } = await reader.query<{ n: number }>(
    `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'lifeguard-samples'`,
  );
  return rows[0]!.n;
}

beforeAll(async () => {
  store = await startTestStore();
  reader = new pg.Pool({ connectionString: store.url, max: 2 });
  listener = new pg.Client({ connectionString: store.url });
  listener.on('notification', (message) => {
    const note = JSON.parse(message.payload ?? '{}') as SampleNotification;
    notifications.push(note);
    // Looked up on notice, on another connection, as the hub does.
    const index = foundOnNotice.push(false) - 1;
    void reader
      .query('SELECT 1 FROM samples WHERE target_id = $1 AND at = $2', [note.targetId, note.at])
      .then(({ rowCount }) => (foundOnNotice[index] = rowCount === 1));
  });
  await listener.connect();
  await listener.query(`LISTEN ${CHANNELS.samples}`);
});

afterAll(async () => {
  await listener?.end().catch(() => {});
  await reader?.end().catch(() => {});
  await store?.stop();
});

describe('the sample writer', () => {
  let writer: SampleWriter;
  beforeAll(() => {
    writer = createSampleWriter({ url: store.url, log: (line) => logs.push(line) });
  });
  afterAll(async () => {
    await writer.close();
  });

  it('writes the samples ready together in one statement, skips a stored (target, at) and announces only the new ones', async () => {
    const [a, b] = [await newTarget('batch-a'), await newTarget('batch-b')];
    const at = new Date('2026-03-04T05:06:07.089Z');
    expect(await recordSample(store.db, sample(a, at, { total: 1 }))).toBe(true);
    await waitFor('the first notice', () => notified(a).length === 1);

    const later = new Date(at.getTime() + 1000);
    // Handed over in one turn of the event loop, as samplers finishing together do.
    const outcomes = await Promise.all([
      writer.write(sample(a, at, { total: 99 })), // already stored
      writer.write(sample(b, at)),
      writer.write(sample(a, later)),
      writer.write(sample(a, later, { total: 98 })), // the same (target, at) again, in the same batch
    ]);
    expect(outcomes).toEqual([false, true, true, false]);

    const rows = await reader.query<{ target_id: string; at: Date; total: number; xmin: string }>(
      'SELECT target_id, at, total, xmin::text FROM samples WHERE target_id = ANY($1) ORDER BY at, total',
      [[a, b]],
    );
    expect(rows.rows.map((row) => [row.target_id, row.at.toISOString(), row.total])).toEqual([
      [a, at.toISOString(), 1],
      [b, at.toISOString(), 7],
      [a, later.toISOString(), 7],
    ]);
    // The two new rows were written by one statement (one transaction).
    expect(new Set(rows.rows.filter((row) => row.total !== 1).map((row) => row.xmin)).size).toBe(1);
    const stored = await store.db.sample.findFirstOrThrow({ where: { targetId: b } });
    expect(stored.applications).toEqual(sample(b, at).applications);

    await waitFor('the new samples announced', () => notifications.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 200)); // room for a wrong extra notice
    // Each notice carries its sample's stage times, `stored` from the store's clock (lib/events/stages.ts).
    const stages = { stored: expect.any(Number) };
    expect(notified(a)).toEqual([
      { targetId: a, at: at.toISOString(), stages },
      { targetId: a, at: later.toISOString(), stages },
    ]);
    expect(notified(b)).toEqual([{ targetId: b, at: at.toISOString(), stages }]);
  });

  it('lets a listener that reads on notice find every sample', async () => {
    const targets = await Promise.all(Array.from({ length: 20 }, (_, i) => newTarget(`notice-${i}`)));
    const before = notifications.length;
    const start = Date.parse('2026-03-05T00:00:00.000Z');
    // 20 targets × 10 ticks, the writes of a tick spread over a few turns of the event loop.
    for (let tick = 0; tick < 10; tick++) {
      const writes = targets.map(async (id, i) => {
        if (i % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
        return writer.write(sample(id, new Date(start + tick * 1000)));
      });
      expect(await Promise.all(writes)).toEqual(targets.map(() => true));
    }
    await waitFor('200 notices', () => notifications.length - before >= 200);
    await waitFor('every notice looked up', () => foundOnNotice.length >= before + 200 && foundOnNotice.slice(before).every((found) => found));
    expect(notifications.length - before).toBe(200);
  });

  it('skips the sample of a deleted target and stores the rest of its batch', async () => {
    const [kept, deleted] = [await newTarget('kept'), await newTarget('deleted')];
    await store.db.target.delete({ where: { id: deleted } });
    const at = new Date();
    expect(await Promise.all([writer.write(sample(deleted, at)), writer.write(sample(kept, at))])).toEqual([false, true]);
    expect(await storedCount(kept)).toBe(1);
  });

  it('fails only the sample the store refuses, and stores the others of its batch', async () => {
    const id = await newTarget('poison');
    const at = Date.now();
    const outcomes = await Promise.allSettled([
      writer.write(sample(id, new Date(at))),
      writer.write(sample(id, new Date(at + 1), { maxConnections: 1.5 })), // not an integer: refused
      writer.write(sample(id, new Date(at + 2))),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await storedCount(id)).toBe(2);
  });

  it('retries a batch whose connection is cut mid-statement: what it said was stored is stored, once', async () => {
    const id = await newTarget('cut');
    const before = notifications.length;
    // Holds the batch inside its INSERT until the connection is cut.
    const blocker = new pg.Client({ connectionString: store.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE samples IN SHARE MODE');
    const at = Date.now();
    const writes = Array.from({ length: 5 }, (_, i) => writer.write(sample(id, new Date(at + i))));
    await waitFor('the batch waiting on the lock', async () => (await reader.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'lifeguard-samples' AND wait_event_type = 'Lock'`)).rowCount === 1);
    expect(await terminateWriterConnection()).toBe(1);
    await blocker.query('COMMIT');
    await blocker.end();
    expect(await Promise.all(writes)).toEqual([true, true, true, true, true]);
    // Retried as the batch it was, in one statement again.
    const { rows } = await reader.query<{ xmin: string }>('SELECT xmin::text FROM samples WHERE target_id = $1', [id]);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((row) => row.xmin)).size).toBe(1);
    await waitFor('5 notices', () => notifications.length - before >= 5);
    expect(notified(id)).toHaveLength(5);
  });
});

describe('the collector on a failing store', () => {
  let target: TestPostgres;
  beforeAll(async () => {
    target = await startTestPostgres();
  });
  afterAll(async () => {
    await target?.stop();
  });

  it('loses no sample when the store cuts its write connection, and keeps sampling', async () => {
    await store.db.target.deleteMany(); // the collector samples every target: only this one
    const { id } = await store.db.target.create({ data: { name: 'cut-collector', url: target.url(), intervalMs: 200 } });
    const seen: SampleRecord[] = [];
    const collector = startCollector({ db: store.db, storeUrl: store.url, reconcileMs: 500, log: (line) => logs.push(line), onSample: (taken) => seen.push(taken) });
    try {
      await waitFor('a stored sample', async () => (await storedCount(id)) > 0);
      for (let cut = 0; cut < 3; cut++) {
        await waitFor('the writer connected', async () => (await terminateWriterConnection()) > 0);
        const stored = await storedCount(id);
        await waitFor('samples stored after the cut', async () => (await storedCount(id)) > stored + 1);
      }
      expect(collector.samplerCount()).toBe(1);
    } finally {
      await collector.stop();
    }
    // stop() waits for the writes in flight: every sample taken is in the store.
    const stored = await store.db.sample.findMany({ where: { targetId: id }, select: { at: true } });
    const taken = seen.filter((one) => one.targetId === id).map((one) => one.at.toISOString());
    expect(new Set(stored.map((row) => row.at.toISOString()))).toEqual(new Set(taken));
  });

  it('refuses writes while the store is down, never says they were stored, and writes again once it is back', async () => {
    // A store of its own, to take down and bring back.
    const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-writer-store-'));
    let own = await startLocalPostgres({ dir });
    const writer = createSampleWriter({ url: own.url(), log: (line) => logs.push(line), retryDelayMs: 50 });
    const check = async (sql: string, values: unknown[] = []) => {
      const client = new pg.Client({ connectionString: own.url() });
      await client.connect();
      try {
        return (await client.query(sql, values)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    };
    try {
      await migrate(own.url());
      const [{ id }] = (await check(`INSERT INTO targets (id, name, url) VALUES (gen_random_uuid(), 'down', 'postgres://u@127.0.0.1:1/db') RETURNING id`)) as [{ id: string }];
      expect(await writer.write(sample(id, new Date()))).toBe(true);
      await own.stop();
      const outcomes = await Promise.allSettled([writer.write(sample(id, new Date(Date.now() + 1))), writer.write(sample(id, new Date(Date.now() + 2)))]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);

      own = await startLocalPostgres({ dir, port: own.port });
      expect(await writer.write(sample(id, new Date(Date.now() + 3)))).toBe(true);
      expect(await check('SELECT count(*)::int AS n FROM samples WHERE target_id = $1', [id])).toEqual([{ n: 2 }]);
    } finally {
      await writer.close();
      await own.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
