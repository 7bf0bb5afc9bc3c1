import { afterEach, describe, expect, it, vi } from 'vitest';
import { feedGate, openFeedGate, resetFeedGateForTests } from '@/lib/browser/feed-gate';

const settled = async (promise: Promise<void> | null) => {
  let done = promise === null;
  void promise?.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
};

describe('feed gate', () => {
  afterEach(() => {
    vi.useRealTimers();
    resetFeedGateForTests(true);
  });

  it("holds a fresh page's reads until the feed's first ready, which says they need no second fetch", async () => {
    resetFeedGateForTests(false);
    const first = feedGate();
    const second = feedGate();
    expect(await settled(first)).toBe(false);
    expect(openFeedGate()).toBe(true);
    expect(await settled(first)).toBe(true);
    expect(await settled(second)).toBe(true);
    // Later reads go at once, and a later ready (a reconnect) did not open it: it resyncs.
    expect(feedGate()).toBeNull();
    expect(openFeedGate()).toBe(false);
  });

  it('lets the reads go after 1.5 s when the feed does not come up, and then the feed resyncs', async () => {
    vi.useFakeTimers();
    resetFeedGateForTests(false);
    const read = feedGate();
    await vi.advanceTimersByTimeAsync(1400);
    expect(await settled(read)).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(await settled(read)).toBe(true);
    expect(openFeedGate()).toBe(false);
  });
});
