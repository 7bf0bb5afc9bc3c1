import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMaintenance } from '@/lib/samples/maintenance';
import { DAY_MS, dayPartitionName, utcDayStart } from '@/lib/samples/partition-days';
import { ensureSamplePartitions, listSamplePartitions } from '@/lib/samples/partitions';
import { pruneOnce } from '@/lib/samples/retention';
import { rollupOnce } from '@/lib/samples/rollup';
import { latestSnapshot } from '@/lib/samples/snapshot';
import { startTestStore, type TestStore } from '../support/postgres';

/**
 * The raw samples table is partitioned by UTC day: a sample lands whatever its time (a day with no
 * partition yet goes to samples_default, and moves to its day's partition when that is created),
 * and retention drops a day whole once all of it is older than the raw retention, unless an
 * incident still shows some of it or some is not rolled up yet.
 *
 * The days used lie well after the real today; the partitions the migration made around the real
 * today are dropped first, so that each test sees only its own days (and the default partition).
 */
const HOUR = 3600_000;
const D = utcDayStart(new Date()).getTime() + 10 * DAY_MS;
const day = (i: number) => new Date(D + i * DAY_MS);
const RETENTION = { rawRetentionMs: DAY_MS, rollupRetentionMs: 90 * DAY_MS, batchSize: 1000 };

let store: TestStore;
const db = () => store.db;
let a: string;
let b: string;

/** One sample every 10 minutes over [from, from + hours). */
async function insertSamples(targetId: string, from: Date, hours: number): Promise<void> {
  await db().$executeRaw`
    INSERT INTO samples (target_id, at, max_connections, reserved_connections, total, active, idle)
    SELECT ${targetId}::uuid, ${from}::timestamptz + i * interval '10 minutes', 100, 3, i % 90, 1, 1
    FROM generate_series(0, ${hours * 6 - 1}) i`;
}

/** Which partition holds each of the target's samples, with how many. */
async function whereRows(targetId: string): Promise<Record<string, number>> {
  const rows = await db().$queryRaw<{ partition: string; n: number }[]>`
    SELECT tableoid::regclass::text AS partition, count(*)::int AS n FROM samples WHERE target_id = ${targetId}::uuid GROUP BY 1`;
  return Object.fromEntries(rows.map((row) => [row.partition, row.n]));
}

const partitionNames = async () => (await listSamplePartitions(db())).map((p) => p.name).sort();

beforeAll(async () => {
  store = await startTestStore();
  a = (await db().target.create({ data: { name: 'a', url: 'postgres://u@127.0.0.1/a' } })).id;
  b = (await db().target.create({ data: { name: 'b', url: 'postgres://u@127.0.0.1/b' } })).id;
  for (const partition of await listSamplePartitions(db())) {
    if (!partition.isDefault) await db().$executeRawUnsafe(`DROP TABLE "${partition.name}"`);
  }
});
afterAll(async () => {
  await store?.stop();
});

describe('sample partitions', () => {
  it('stores a sample whose day has no partition yet, and moves it into that day once created', async () => {
    await insertSamples(a, new Date(D + 12 * HOUR), 1);
    // A collector whose clock is decades ahead still loses nothing.
    await insertSamples(a, new Date('2100-01-01T00:00:00Z'), 1);
    expect(await whereRows(a)).toEqual({ samples_default: 12 });

    expect(await ensureSamplePartitions(db(), day(0))).toEqual([0, 1, 2].map((i) => dayPartitionName(day(i))));
    expect(await whereRows(a)).toEqual({ [dayPartitionName(day(0))]: 6, samples_default: 6 });
    // Created already: nothing to do.
    expect(await ensureSamplePartitions(db(), day(0))).toEqual([]);
    expect((await latestSnapshot(db(), a))?.at).toBe('2100-01-01T00:50:00.000Z');
    await db().$executeRaw`DELETE FROM samples WHERE target_id = ${a}::uuid`;
  });

  it('drops a day partition once all of it is older than the raw retention, and keeps the newer days whole', async () => {
    for (const target of [a, b]) await insertSamples(target, day(0), 72);
    await rollupOnce(db(), { now: day(3), maxSpanMs: 10 * DAY_MS });

    // Cut-off at day 1 + 12 h: day 0 lies wholly before it, day 1 only half.
    const result = await pruneOnce(db(), { ...RETENTION, now: new Date(D + 2 * DAY_MS + 12 * HOUR) });
    expect(result).toEqual({ samples: 0, samplePartitions: 1, rollups: 0 });
    expect(await partitionNames()).toEqual(['samples_default', dayPartitionName(day(1)), dayPartitionName(day(2))]);
    for (const target of [a, b]) expect(await whereRows(target)).toEqual({ [dayPartitionName(day(1))]: 144, [dayPartitionName(day(2))]: 144 });
    // The rollups of the dropped day stay.
    expect(await db().sampleRollup.count({ where: { targetId: a, bucket: { lt: day(1) } } })).toBe(144);
  });

  it('keeps an expired day whole while an incident still shows part of it, part of it is not rolled up yet, or a query holds the table', async () => {
    const now = new Date(D + 3 * DAY_MS + 12 * HOUR); // cut-off day 2 + 12 h: day 1 has expired
    const floors = { any: new Date(D + DAY_MS + 20 * HOUR), byTarget: new Map([[a, new Date(D + DAY_MS + 20 * HOUR)]]) };
    expect(await pruneOnce(db(), { ...RETENTION, now, floors })).toMatchObject({ samplePartitions: 0 });
    expect(await partitionNames()).toContain(dayPartitionName(day(1)));

    // The incident's postmortem has its copy now; but a sample of day 1 arrived late and is not rolled up.
    const late = (await db().target.create({ data: { name: 'late', url: 'postgres://u@127.0.0.1/late' } })).id;
    await insertSamples(late, new Date(D + DAY_MS + 23 * HOUR), 1);
    expect(await pruneOnce(db(), { ...RETENTION, now })).toMatchObject({ samplePartitions: 0 });
    expect(await whereRows(late)).toEqual({ [dayPartitionName(day(1))]: 6 });

    await rollupOnce(db(), { now, maxSpanMs: 10 * DAY_MS });
    // A long query on samples: the drop gives up after its lock timeout rather than queue every
    // insert behind itself, and the prune carries on.
    const reader = new pg.Client({ connectionString: store.url });
    await reader.connect();
    await reader.query('BEGIN');
    await reader.query('SELECT count(*) FROM samples');
    try {
      expect(await pruneOnce(db(), { ...RETENTION, now })).toMatchObject({ samplePartitions: 0 });
    } finally {
      await reader.query('COMMIT');
      await reader.end();
    }
    expect(await pruneOnce(db(), { ...RETENTION, now })).toMatchObject({ samplePartitions: 1 });
    expect(await partitionNames()).toEqual(['samples_default', dayPartitionName(day(2))]);
    expect(await whereRows(a)).toEqual({ [dayPartitionName(day(2))]: 144 });
  });

  it('the maintenance job creates the partitions of today and the next two days', async () => {
    let reported: (created: string[] | null) => void = () => {};
    const created = new Promise<string[] | null>((resolve) => (reported = resolve));
    const maintenance = startMaintenance({
      db: db(),
      rollupEveryMs: 50,
      onRun: (run) => {
        if (run.job === 'partitions') reported(run.created);
      },
    });
    const first = await created;
    await maintenance.stop();
    const today = utcDayStart(new Date());
    expect(first).toEqual([0, 1, 2].map((i) => dayPartitionName(new Date(today.getTime() + i * DAY_MS))));
  });
});
