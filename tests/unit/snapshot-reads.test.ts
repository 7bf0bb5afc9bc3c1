import { describe, expect, it } from 'vitest';
import { coalesceSnapshotReads } from '@/lib/events/snapshot-reads';

const AT = Date.UTC(2026, 10, 29, 15, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

/** A store whose reads the test answers one by one, with whatever sample is latest by then. */
function slowStore() {
  let latest = AT;
  const answers: (() => void)[] = [];
  let reads = 0;
  const read = (targetId: string) => {
    reads++;
    return new Promise<{ targetId: string; at: string } | null>((resolve) => answers.push(() => resolve({ targetId, at: iso(latest) })));
  };
  return {
    read,
    store: (ms: number) => (latest = ms),
    answer: async () => {
      answers.shift()?.();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
    reads: () => reads,
  };
}

describe('coalesceSnapshotReads', () => {
  it('reads once per sample while the store keeps up, with each sample\'s own stage times', async () => {
    const store = slowStore();
    const emitted: [string, number | undefined][] = [];
    const reads = coalesceSnapshotReads(store.read, (_, snapshot, stages) => emitted.push([snapshot.at, stages.notified]), () => {});
    reads.notice({ targetId: 't', atMs: AT, stages: { notified: AT + 3 } });
    await store.answer();
    store.store(AT + 1000);
    reads.notice({ targetId: 't', atMs: AT + 1000, stages: { notified: AT + 1003 } });
    await store.answer();
    expect(emitted).toEqual([[iso(AT), AT + 3], [iso(AT + 1000), AT + 1003]]);
    expect(store.reads()).toBe(2);
  });

  it('answers the notices that came during a slow read with one more read, and emits in order, never twice', async () => {
    const store = slowStore();
    const emitted: string[] = [];
    const reads = coalesceSnapshotReads(store.read, (_, snapshot) => emitted.push(snapshot.at), () => {});
    reads.notice({ targetId: 't', atMs: AT, stages: {} });
    for (const ms of [AT + 250, AT + 500, AT + 750]) {
      store.store(ms);
      reads.notice({ targetId: 't', atMs: ms, stages: { notified: ms + 2 } });
    }
    await store.answer(); // the first read already finds the latest sample (AT + 750)
    await store.answer();
    expect(emitted).toEqual([iso(AT + 750)]);
    expect(store.reads()).toBe(1);
    reads.notice({ targetId: 't', atMs: AT + 500, stages: {} }); // a late notice of an older sample
    expect(store.reads()).toBe(1);
  });

  it('reads again after a read that returned an older sample than a notice that came meanwhile', async () => {
    const store = slowStore();
    const emitted: [string, number | undefined][] = [];
    const reads = coalesceSnapshotReads(store.read, (_, snapshot, stages) => emitted.push([snapshot.at, stages.notified]), () => {});
    reads.notice({ targetId: 't', atMs: AT, stages: { notified: AT + 1 } });
    await store.answer();
    reads.notice({ targetId: 't', atMs: AT + 250, stages: { notified: AT + 251 } });
    reads.notice({ targetId: 't', atMs: AT + 500, stages: { notified: AT + 501 } });
    store.store(AT + 500);
    await store.answer();
    expect(emitted).toEqual([[iso(AT), AT + 1], [iso(AT + 500), AT + 501]]);
    expect(store.reads()).toBe(2);
  });

  it('keeps targets apart, and reports a failed read without stopping the next', async () => {
    const failures: string[] = [];
    const emitted: string[] = [];
    let fail = true;
    const reads = coalesceSnapshotReads(
      async (targetId) => {
        if (fail) throw new Error('store down');
        return { targetId, at: iso(AT + 1000) };
      },
      (targetId) => emitted.push(targetId),
      (targetId, error) => failures.push(`${targetId}: ${(error as Error).message}`),
    );
    reads.notice({ targetId: 'a', atMs: AT, stages: {} });
    await new Promise((resolve) => setTimeout(resolve, 0));
    fail = false;
    reads.notice({ targetId: 'a', atMs: AT + 1000, stages: {} });
    reads.notice({ targetId: 'b', atMs: AT + 1000, stages: {} });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(failures).toEqual(['a: store down']);
    expect(emitted).toEqual(['a', 'b']);
  });
});
