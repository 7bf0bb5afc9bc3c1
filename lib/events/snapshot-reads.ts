import type { StageTimes } from './stages';

/** A stored sample's notice: its target, its instant (ms) and its stage times so far. */
export interface SampleNotice {
  targetId: string;
  atMs: number;
  stages: StageTimes;
}

export interface SnapshotReads {
  /** A sample of the target was stored: its snapshot is read and emitted (once, in order). */
  notice(notice: SampleNotice): void;
}

/**
 * Reads the latest snapshot of a target for the notices of its samples, one read at a time per
 * target. Notices that arrive while a read is out are answered by one more read after it, or by
 * none when the read already returned their sample: a slow store is not asked once per sample
 * in a pile-up (each replica's hub reads for every sample of every target), and a snapshot is
 * never emitted twice nor after a newer one. The emitted stage times are those of the notice of
 * the very sample read, when it is known.
 */
export function coalesceSnapshotReads<S extends { at: string }>(
  read: (targetId: string) => Promise<S | null>,
  emit: (targetId: string, snapshot: S, stages: StageTimes) => void,
  failed: (targetId: string, error: unknown) => void,
): SnapshotReads {
  const targets = new Map<string, { reading: boolean; waiting: SampleNotice | null; emittedAtMs: number }>();

  const run = async (targetId: string, notice: SampleNotice) => {
    const state = targets.get(targetId)!;
    state.reading = true;
    try {
      const snapshot = await read(targetId);
      const atMs = snapshot ? Date.parse(snapshot.at) : Number.NaN;
      if (snapshot && atMs > state.emittedAtMs) {
        state.emittedAtMs = atMs;
        const known = [notice, state.waiting].find((candidate) => candidate?.atMs === atMs);
        emit(targetId, snapshot, known?.stages ?? {});
      }
    } catch (error) {
      failed(targetId, error);
    } finally {
      state.reading = false;
    }
    const next = state.waiting;
    state.waiting = null;
    if (next && next.atMs > state.emittedAtMs) void run(targetId, next);
  };

  return {
    notice(notice) {
      let state = targets.get(notice.targetId);
      if (!state) targets.set(notice.targetId, (state = { reading: false, waiting: null, emittedAtMs: -Infinity }));
      if (notice.atMs <= state.emittedAtMs) return;
      if (!state.reading) return void run(notice.targetId, notice);
      // The latest notice stands for all: the read after this one returns the latest sample anyway.
      if (!state.waiting || notice.atMs > state.waiting.atMs) state.waiting = notice;
    },
  };
}
