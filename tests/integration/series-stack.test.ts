import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollupOnce } from '@/lib/samples/rollup';
import { querySeriesTable } from '@/lib/samples/series';
import { startTestStore, type TestStore } from '../support/postgres';

/*
 * The "connections by state" chart stacks the states. Each state's own bucket maximum comes from
 * a different instant, and their stack would draw more connections than ever existed at once: here
 * the connections swing between mostly active and mostly idle every second, as in a flood of
 * short sessions. Every bucket must show the states of one real sample (the one with the bucket's
 * peak total), whichever source answers: raw samples, minute rollups, or both.
 */

let store: TestStore;
let targetId: string;
// Ten minutes of 1 s samples, on a whole minute well within raw retention.
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3600_000;
const SECONDS = 600;
const STATES = ['active', 'idle', 'idleInTransaction', 'idleInTransactionAborted'] as const;
const METRICS = ['total', ...STATES] as const;

interface Sample {
  second: number;
  states: [active: number, idle: number, idleInTransaction: number, aborted: number];
  /** The states plus a few connections in no state (walsenders, fast-path calls). */
  total: number;
}

/** Even seconds mostly active, odd ones mostly idle; the total wobbles so the peak moves about. */
function sample(second: number): Sample {
  const states: Sample['states'] =
    second % 2 === 0 ? [70 + (second % 13), 5, 3 + (second % 4), second % 3] : [4, 60 + (second % 17), 10 + (second % 5), 1];
  return { second, states, total: states.reduce((x, y) => x + y, 0) + 2 };
}

const SAMPLES = Array.from({ length: SECONDS }, (_, second) => sample(second));

/** The bucket's peak sample as the product defines it: the largest total, the latest among equals. */
function peakOf(bucketStart: number, stepMs: number): Sample {
  const inBucket = SAMPLES.filter((s) => T0 + s.second * 1000 >= bucketStart && T0 + s.second * 1000 < bucketStart + stepMs);
  return inBucket.reduce((peak, s) => (s.total >= peak.total ? s : peak));
}

const query = (points: number, extra: { rawRetentionMs?: number } = {}) =>
  querySeriesTable(store.db, { targetId, metrics: METRICS, from: T0, to: T0 + SECONDS * 1000, points, ...extra });

function expectOneInstantPerBucket(table: Awaited<ReturnType<typeof query>>): void {
  expect(table.rows.length).toBeGreaterThan(0);
  for (const [bucket, total, ...states] of table.rows) {
    const peak = peakOf(bucket, table.stepMs);
    const stacked = states.reduce<number>((sum, value) => sum + (value ?? 0), 0);
    // Never more connections drawn than existed at the bucket's peak, which is the total line.
    expect(stacked, `bucket ${new Date(bucket).toISOString()}`).toBeLessThanOrEqual(total ?? 0);
    expect(total).toBe(peak.total);
    expect(states).toEqual(peak.states);
  }
}

beforeAll(async () => {
  store = await startTestStore();
  targetId = (await store.db.target.create({ data: { name: 'db', url: 'postgres://u@127.0.0.1/db' } })).id;
  for (const s of SAMPLES) {
    const [active, idle, idleInTransaction, aborted] = s.states;
    await store.db.$executeRaw`
      INSERT INTO samples (target_id, at, max_connections, reserved_connections, total, active, idle, idle_in_transaction, idle_in_transaction_aborted)
      VALUES (${targetId}::uuid, ${new Date(T0 + s.second * 1000)}, 200, 3, ${s.total}, ${active}, ${idle}, ${idleInTransaction}, ${aborted})`;
  }
});
afterAll(async () => {
  await store?.stop();
});

describe('connections by state', () => {
  it('stacks the states of the peak sample over raw samples', async () => {
    const table = await query(100);
    expect(table.source).toBe('raw');
    expect(table.stepMs).toBe(6000);
    expectOneInstantPerBucket(table);
  });

  it('does the same over raw samples read on the minute grid, before any rollup', async () => {
    const table = await query(5);
    expect(table.source).toBe('rollup');
    expect(table.stepMs).toBe(2 * 60_000);
    expectOneInstantPerBucket(table);
  });

  it('does the same over rolled-up minutes and raw ones in one bucket', async () => {
    // Five minutes rolled up, the rest still raw: a 3-minute bucket spans both.
    await rollupOnce(store.db, { now: new Date(T0 + 5 * 60_000) });
    expect(await store.db.sampleRollup.count({ where: { targetId } })).toBe(5);
    const table = await query(4);
    expect(table.stepMs).toBe(3 * 60_000);
    expectOneInstantPerBucket(table);
  });

  it('does the same over minute rollups alone', async () => {
    await rollupOnce(store.db, { now: new Date(T0 + SECONDS * 1000) });
    expect(await store.db.sampleRollup.count({ where: { targetId } })).toBe(10);
    expectOneInstantPerBucket(await query(5, { rawRetentionMs: 0 }));
    expectOneInstantPerBucket(await query(2, { rawRetentionMs: 0 }));
  });
});
