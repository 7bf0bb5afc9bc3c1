import 'server-only';
import type pg from 'pg';
import type { Db } from '@/lib/store/db';
import { createSampleWriter } from '@/lib/samples/sample-writer';
import type { SampleRecord } from '@/lib/samples/types';
import { createHandOvers } from './hand-over';
import { createOwnership } from './ownership';
import { memoisedShares } from './rendezvous';
import { installScramKeyCache } from './scram-keys';
import { PgBouncerSampler, type PoolerReading } from './pgbouncer-sampler';
import { TargetSampler } from './target-sampler';
import { backendAddress } from '@/lib/pooler/backend-address';
import { recordPoolerConfig, recordPoolerSamples } from '@/lib/pooler/record';
import { revealSecret } from '@/lib/secrets/key';

export interface CollectorOptions {
  db: Db;
  /**
   * The store's URL, for the dedicated session holding this replica's target locks and the one
   * that writes the samples (lib/samples/sample-writer.ts).
   */
  storeUrl: string;
  /** Sees every sample as it is taken, whether or not the store accepted it. */
  onSample?: (sample: SampleRecord) => void;
  /** How often the target list is re-read from the store. */
  reconcileMs?: number;
  /** How often the live replicas are looked at between notifications (see LIVENESS_POLL_MS). */
  livenessPollMs?: number;
  /** Tests place a replica in the shares by its id (ownership.ts); otherwise random. */
  replicaId?: number;
  log?: (message: string) => void;
  /** Passed to each sampler; tests shorten it. */
  probeTimeoutMs?: number;
  /** How long samplers outlive a lost lock session (see LOCK_GRACE_MS). */
  lockGraceMs?: number;
}

export interface Collector {
  /** Re-reads the targets now; resolves once samplers match the store. */
  refresh(): Promise<void>;
  /** Stops every sampler (closing their connections) and waits for writes in flight. */
  stop(): Promise<void>;
  samplerCount(): number;
  /** The targets this replica samples now (it holds their ownership locks). */
  ownedTargets(): string[];
  /** This replica's id in the shares of the targets (lib/collector/rendezvous.ts). */
  replicaId(): string;
  /**
   * Runs `work` on the persistent connection of a PostgreSQL target this replica samples
   * (lib/remediation). Throws NotSampledHere when it samples no such target, ConnectionDown
   * when the connection is down.
   */
  withConnection<T>(targetId: string, work: (client: pg.Client) => Promise<T>): Promise<T>;
}

/** This replica does not sample that target (another does, or none), or it is not a PostgreSQL target. */
export class NotSampledHere extends Error {
  constructor(targetId: string) {
    super(`target ${targetId} is not a PostgreSQL target sampled by this replica`);
    this.name = 'NotSampledHere';
  }
}

interface TargetRow {
  id: string;
  url: string;
  intervalMs: number;
  /** 'postgres' or 'pgbouncer' (sampled through its admin console). */
  kind: string;
  /** pgbouncer targets: where the probe connects, and the database behind the pooler. */
  probeDatabase: string | null;
  backendTargetId: string | null;
}

const DEFAULT_RECONCILE_MS = 2_000;
/**
 * Joins, clean leaves and hand-overs are announced (NOTIFY) and acted on at once; a replica that
 * dies cannot say so, and its targets stay unsampled until the others look. At 1 s intervals this
 * keeps that gap within two intervals: up to one since the dead replica's last sample, this, and
 * the new owner's first sample (taken when its sampler starts). One cheap pg_locks query.
 */
const LIVENESS_POLL_MS = 500;
/**
 * When the lock session drops, samplers keep running this long while it is re-opened. A store
 * that restarts (a second or so) must not cost the persistent target connections: a target at
 * max_connections would not give them back. Once the session is back, the locks are taken
 * again and any target another replica took meanwhile is given up at once. Only a replica cut
 * off from the store but not from its targets overlaps with the new owner, for this long.
 */
const LOCK_GRACE_MS = 5_000;
/** A hand-over waits for the sampler's next sample at most this long past its interval. */
const HAND_OVER_SLACK_MS = 1_000;
/** Writes waiting on a slow store beyond this are dropped, so memory stays bounded. */
const MAX_PENDING_WRITES = 1_000;

/**
 * Samples this replica's share of the targets, one TargetSampler each, and stores what they see.
 * The share is computed from the live replicas (lib/collector/rendezvous.ts); a target is sampled
 * only while this replica holds its ownership lock (lib/collector/ownership.ts), which stays the
 * guarantee against sampling a target twice when replicas disagree for a moment. A target that
 * leaves the share is stopped, then unlocked and handed over (NOTIFY); one that joins it is
 * locked as soon as its previous owner lets go.
 * The target list is reconciled every couple of seconds and on refresh(): new targets start,
 * deleted ones stop, a changed URL or interval restarts the sampler. When the store itself is
 * unavailable the samplers keep running on the last known list and their samples are logged as
 * lost; the store may come back.
 */
export function startCollector(options: CollectorOptions): Collector {
  const { db } = options;
  // Every probe is a fresh login: its SCRAM key derivation is most of a probe's CPU otherwise.
  installScramKeyCache();
  const graceMs = options.lockGraceMs ?? LOCK_GRACE_MS;
  const log = options.log ?? ((message: string) => console.warn(`[collector] ${message}`));
  /** `settings`: what else the sampler was started with (a pooler's probe), so a change restarts it. */
  const samplers = new Map<string, { sampler: TargetSampler | PgBouncerSampler; url: string; intervalMs: number; settings: string }>();
  /** The pooler limits last stored per target: rewritten only when they change. */
  const storedConfigs = new Map<string, string>();
  const writes = new Set<Promise<void>>();
  // Every sample goes through one group-committing writer: one statement for all samples ready at a moment.
  const writer = createSampleWriter({ url: options.storeUrl, log });
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

  function persist(sample: SampleRecord, reading: PoolerReading | null = null): void {
    try {
      options.onSample?.(sample);
    } catch (err) {
      log(`onSample failed: ${String(err)}`);
    }
    // After this sample is queued for writing: a hand-over waiting for it may stop the sampler now.
    queueMicrotask(() => handOvers.sampled(sample.targetId));
    if (writes.size >= MAX_PENDING_WRITES) {
      if (dropped++ === 0) log(`store too slow: dropping samples (${MAX_PENDING_WRITES} writes pending)`);
      return;
    }
    dropped = 0;
    // A pooler's pools go first: the sample's insert is what notifies browsers to refetch.
    const write = recordPoolerSamples(db, sample.targetId, sample.at, reading?.pools ?? [])
      .then(() => (reading ? persistConfig(sample.targetId, sample.at, reading.config) : undefined))
      .then(() => writer.write(sample))
      .then(storeOk, (err: unknown) => {
        // The target was deleted between two reconciles: its sampler is about to stop.
        if (isForeignKeyViolation(err)) return;
        storeFailed('writing a sample', err);
      });
    writes.add(write);
    void write.finally(() => writes.delete(write));
  }

  async function persistConfig(targetId: string, at: Date, config: PoolerReading['config']): Promise<void> {
    const signature = JSON.stringify(config);
    if (storedConfigs.get(targetId) === signature) return;
    await recordPoolerConfig(db, targetId, at, config);
    storedConfigs.set(targetId, signature);
  }

  /** A pooler's probe settings; the backend's URL is read from the same target list. */
  function poolerSettings(target: TargetRow, all: ReadonlyMap<string, TargetRow>) {
    const backend = target.backendTargetId ? all.get(target.backendTargetId) : undefined;
    return { probeDatabase: target.probeDatabase, backend: backend ? backendAddress(revealSecret(backend.url)) : null };
  }

  function startSampler(target: TargetRow, all: ReadonlyMap<string, TargetRow>): void {
    const samplerOptions = {
      targetId: target.id,
      // Stored encrypted at rest (lib/secrets); only the sampler ever holds the plaintext.
      url: revealSecret(target.url),
      intervalMs: target.intervalMs,
      log,
      probeTimeoutMs: options.probeTimeoutMs,
    };
    const sampler =
      target.kind === 'pgbouncer'
        ? new PgBouncerSampler({ ...samplerOptions, ...poolerSettings(target, all), onSample: persist })
        : new TargetSampler({ ...samplerOptions, onSample: (sample) => persist(sample) });
    samplers.set(target.id, { sampler, url: target.url, intervalMs: target.intervalMs, settings: settingsOf(target, all) });
    storedConfigs.delete(target.id);
    sampler.start();
  }

  async function stopSamplers(ids: Iterable<string>): Promise<void> {
    const stopping: Promise<void>[] = [];
    for (const id of [...ids]) {
      const running = samplers.get(id);
      samplers.delete(id);
      if (running) stopping.push(running.sampler.stop());
    }
    await Promise.all(stopping);
  }

  /**
   * Makes sure the lock session is up; false when it is not (and then, past the grace period,
   * nothing is sampled). A new session holds no locks: the running samplers' locks are taken
   * again, and the samplers whose targets another replica owns by now are stopped.
   */
  async function ensureOwnership(): Promise<boolean> {
    const session = await ownership.connect();
    if (!session.up) {
      const lostAt = ownership.lostAt();
      if (samplers.size > 0 && lostAt !== null && Date.now() - lostAt > graceMs) {
        log(`no lock session for ${graceMs} ms: stopping ${samplers.size} sampler(s), another replica may own them now`);
        await stopSamplers(samplers.keys());
      }
      return false;
    }
    if (session.fresh && samplers.size > 0) {
      const kept = await ownership.tryAcquire([...samplers.keys()]);
      const lost = [...samplers.keys()].filter((id) => !kept.has(id));
      if (lost.length > 0) log(`${lost.length} target(s) owned by another replica now: stopping their samplers`);
      await stopSamplers(lost);
    }
    return true;
  }

  /** The target list as last read; the shares are recomputed from it between reads. */
  let known: Map<string, TargetRow> | null = null;
  let readAt = 0;
  /** Reads may overlap (a refresh during a timed read): only a later-started one replaces the list. */
  let readsStarted = 0;
  let readApplied = 0;
  const shares = memoisedShares();

  /**
   * Reads the target list through the shared Prisma pool, outside the reconcile chain: on a busy
   * store the pool may make a read wait for seconds, and hand-overs must not wait behind it (they
   * only use the lock session).
   */
  async function readTargets(): Promise<boolean> {
    // Counted from the attempt, so a store that is down is asked every reconcileMs, not every poll.
    readAt = Date.now();
    const seq = ++readsStarted;
    try {
      const targets = await db.target.findMany({ select: { id: true, url: true, intervalMs: true, kind: true, probeDatabase: true, backendTargetId: true } });
      storeOk();
      if (seq > readApplied) {
        readApplied = seq;
        known = new Map(targets.map((target) => [target.id, target]));
      }
      return true;
    } catch (err) {
      storeFailed('reading targets', err);
      return false;
    }
  }

  async function reconcileOnce(): Promise<void> {
    if (stopped) return;
    if (!(await ensureOwnership())) return;
    if (!known && !(await readTargets())) return;
    const wanted = known;
    if (stopped || !wanted) return;
    // Announced only once the targets are known, so the others never hand over a share it cannot start.
    if (!(await ownership.announce())) return;
    const me = ownership.replicaId();
    const owners = shares(wanted, await ownership.liveReplicas());
    const gone: string[] = [];
    const leaving: string[] = [];
    const changed: TargetRow[] = [];
    for (const [id, running] of samplers) {
      const target = wanted.get(id);
      if (handOvers.has(id)) continue; // stopped and released after its next sample
      if (!target) gone.push(id);
      else if (owners.get(id) !== me) leaving.push(id);
      else if (target.url !== running.url || target.intervalMs !== running.intervalMs || settingsOf(target, wanted) !== running.settings) changed.push(target);
    }
    // Handed over only once the new owner asks: until then this replica keeps sampling them.
    const asked = await ownership.askedFor(leaving);
    if (asked.size > 0) log(`handing over ${asked.size} target(s) to other replicas`);
    for (const id of asked) handOvers.start(id, wanted.get(id)!.intervalMs + HAND_OVER_SLACK_MS);
    // Stop before unlocking, so a target never has two persistent connections.
    await stopSamplers([...gone, ...changed.map((target) => target.id)]);
    await ownership.release(gone);
    if (stopped) return;
    // A changed target keeps its lock: taking it again would count twice in a re-entrant lock.
    for (const target of changed) startSampler(target, wanted);
    const mine = [...wanted.keys()].filter((id) => owners.get(id) === me && !samplers.has(id) && !handOvers.has(id));
    const acquired = await ownership.tryAcquire(mine);
    if (stopped) {
      await ownership.release([...acquired]);
      return;
    }
    for (const id of acquired) startSampler(wanted.get(id)!, wanted);
    // Those still held by their previous owner are asked for; it lets go after their next sample
    // and notifies, and they are taken then (or at the next poll).
    await ownership.want(mine.filter((id) => !acquired.has(id)));
  }

  function settingsOf(target: TargetRow, all: ReadonlyMap<string, TargetRow>): string {
    return JSON.stringify(target.kind === 'pgbouncer' ? poolerSettings(target, all) : null);
  }

  // Reconciles run one after another; a refresh() or notification during one queues (at most)
  // one more. The target list is re-read every reconcileMs beside them, and a reconcile follows.
  const reconcileMs = options.reconcileMs ?? DEFAULT_RECONCILE_MS;
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

  let reading: Promise<void> | null = null;
  function poll(): void {
    void reconcile();
    if (reading || stopped || Date.now() - readAt < reconcileMs) return;
    reading = readTargets()
      .then(async (ok) => {
        if (ok) await reconcile();
      })
      .finally(() => (reading = null));
  }

  const handOvers = createHandOvers({
    stop: (id) => stopSamplers([id]),
    release: (ids) => ownership.release(ids, { handOver: true }),
    log,
  });

  // A lost lock session is re-opened at once rather than at the next tick.
  const ownership = createOwnership({
    url: options.storeUrl,
    log,
    replicaId: options.replicaId,
    onLost: () => void reconcile(),
    onChange: () => void reconcile(),
  });
  void reconcile();
  const timer = setInterval(poll, options.livenessPollMs ?? LIVENESS_POLL_MS);

  return {
    async refresh() {
      await readTargets();
      await reconcile();
    },
    samplerCount: () => samplers.size,
    ownedTargets: () => [...samplers.keys()],
    replicaId: () => ownership.replicaId(),
    async withConnection(targetId, work) {
      const running = samplers.get(targetId);
      if (!running || !(running.sampler instanceof TargetSampler)) throw new NotSampledHere(targetId);
      return running.sampler.useConnection(work);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await reading;
      await running;
      await handOvers.flush();
      const all = [...samplers.values()].map(({ sampler }) => sampler.stop());
      samplers.clear();
      await Promise.all(all);
      // Only now, with every target connection closed, may another replica take the targets.
      await ownership.close();
      await Promise.all(writes);
      await writer.close();
    },
  };
}

function isForeignKeyViolation(err: unknown): boolean {
  // A pooler's rows go through Prisma, which wraps the driver error (P2003, naming the
  // constraint); the sample writer skips samples of deleted targets itself, and a race it lost
  // twice surfaces as node-postgres' own 23503, naming samples_target_id_fkey.
  const text = err instanceof Error ? err.message : String(err);
  return /\b23503\b|samples_target_id_fkey/.test(text);
}
