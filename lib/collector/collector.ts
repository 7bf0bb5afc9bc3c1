import type { Db } from '@/lib/db';
import { recordSample } from '@/lib/samples/record';
import type { SampleRecord } from '@/lib/samples/types';
import { TargetSampler } from './target-sampler';

export interface CollectorOptions {
  db: Db;
  /** Sees every sample as it is taken, whether or not the store accepted it. */
  onSample?: (sample: SampleRecord) => void;
  /** How often the target list is re-read from the store. */
  reconcileMs?: number;
  log?: (message: string) => void;
  /** Passed to each sampler; tests shorten it. */
  probeTimeoutMs?: number;
}

export interface Collector {
  /** Re-reads the targets now; resolves once samplers match the store. */
  refresh(): Promise<void>;
  /** Stops every sampler (closing their connections) and waits for writes in flight. */
  stop(): Promise<void>;
  samplerCount(): number;
}

interface TargetRow {
  id: string;
  url: string;
  intervalMs: number;
}

const DEFAULT_RECONCILE_MS = 2_000;
/** Writes waiting on a slow store beyond this are dropped, so memory stays bounded. */
const MAX_PENDING_WRITES = 1_000;

/**
 * Samples every target in the store, one TargetSampler each, and stores what they see.
 * The target list is reconciled every couple of seconds and on refresh(): new targets start,
 * deleted ones stop, a changed URL or interval restarts the sampler. When the store itself is
 * unavailable the samplers keep running on the last known list and their samples are logged as
 * lost; the store may come back.
 */
export function startCollector(options: CollectorOptions): Collector {
  const { db } = options;
  const log = options.log ?? ((message: string) => console.warn(`[collector] ${message}`));
  const samplers = new Map<string, { sampler: TargetSampler; url: string; intervalMs: number }>();
  const writes = new Set<Promise<void>>();
  let stopped = false;
  let storeDown = false;
  let dropped = 0;

  /** Logs the first failure of a streak and the recovery, not every failed write or read. */
  function storeFailed(what: string, err: unknown): void {
    if (!storeDown) log(`store unavailable (${what}): ${err instanceof Error ? err.message : String(err)}`);
    storeDown = true;
  }
  function storeOk(): void {
    if (storeDown) log('store available again');
    storeDown = false;
  }

  function persist(sample: SampleRecord): void {
    try {
      options.onSample?.(sample);
    } catch (err) {
      log(`onSample failed: ${String(err)}`);
    }
    if (writes.size >= MAX_PENDING_WRITES) {
      if (dropped++ === 0) log(`store too slow: dropping samples (${MAX_PENDING_WRITES} writes pending)`);
      return;
    }
    dropped = 0;
    const write = recordSample(db, sample).then(storeOk, (err: unknown) => {
      // The target was deleted between two reconciles: its sampler is about to stop.
      if (isForeignKeyViolation(err)) return;
      storeFailed('writing a sample', err);
    });
    writes.add(write);
    void write.finally(() => writes.delete(write));
  }

  function startSampler(target: TargetRow): void {
    const sampler = new TargetSampler({
      targetId: target.id,
      url: target.url,
      intervalMs: target.intervalMs,
      onSample: persist,
      log,
      probeTimeoutMs: options.probeTimeoutMs,
    });
    samplers.set(target.id, { sampler, url: target.url, intervalMs: target.intervalMs });
    sampler.start();
  }

  async function reconcileOnce(): Promise<void> {
    if (stopped) return;
    let targets: TargetRow[];
    try {
      targets = await db.target.findMany({ select: { id: true, url: true, intervalMs: true } });
      storeOk();
    } catch (err) {
      storeFailed('reading targets', err);
      return;
    }
    if (stopped) return;
    const wanted = new Map(targets.map((target) => [target.id, target]));
    const stopping: Promise<void>[] = [];
    for (const [id, running] of samplers) {
      const target = wanted.get(id);
      if (target && target.url === running.url && target.intervalMs === running.intervalMs) continue;
      samplers.delete(id);
      stopping.push(running.sampler.stop());
    }
    // Stop before starting, so a restarted target never has two persistent connections.
    await Promise.all(stopping);
    if (stopped) return;
    for (const target of targets) if (!samplers.has(target.id)) startSampler(target);
  }

  // Reconciles run one after another; a refresh() during one queues (at most) one more.
  let running: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;
  function reconcile(): Promise<void> {
    if (queued) return queued;
    const next = running
      .then(() => {
        queued = null;
        return reconcileOnce();
      })
      .catch((err: unknown) => log(`reconcile failed: ${String(err)}`));
    queued = next;
    running = next;
    return next;
  }

  void reconcile();
  const timer = setInterval(() => void reconcile(), options.reconcileMs ?? DEFAULT_RECONCILE_MS);

  return {
    refresh: reconcile,
    samplerCount: () => samplers.size,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await running;
      const all = [...samplers.values()].map(({ sampler }) => sampler.stop());
      samplers.clear();
      await Promise.all(all);
      await Promise.all(writes);
    },
  };
}

function isForeignKeyViolation(err: unknown): boolean {
  // Prisma wraps the driver error (P2010 "Raw query failed. Code: `23503`…"); the SQLSTATE and
  // the constraint's name end up in its message.
  const text = err instanceof Error ? err.message : String(err);
  return /\b23503\b|samples_target_id_fkey/.test(text);
}
