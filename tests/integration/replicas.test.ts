import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type Collector } from '@/lib/collector/collector';
import { OWNERSHIP_LOCK_NAMESPACE, REPLICA_LOCK_NAMESPACE } from '@/lib/collector/ownership';
import { assignTargets } from '@/lib/collector/rendezvous';
import { createDb, type Db } from '@/lib/store/db';
import { startHub, type LiveEvent } from '@/lib/events/hub';
import { createIncident } from '@/lib/incidents/create';
import { tickChecklistItem } from '@/lib/incidents/tick';
import { TEST_ACTOR } from '@/tests/support/accounts';
import { TEST_SECRET_KEY } from '@/tests/support/app';
import { killAll, startCollectorProcess, type CollectorProcess } from '@/tests/support/collector-process';
import { startTestPostgres, startTestStore, type TestPostgres, type TestStore } from '@/tests/support/postgres';
import { testWait, logTail } from '@/tests/support/wait';

/**
 * Several Lifeguard replicas on one store: each target sampled by exactly one of them, taken
 * over when its owner stops or dies, and live updates reaching every replica's browsers.
 * Collectors in this process are replicas with their own Db clients; `npm run collector` runs as
 * a child process so that it can be killed for real. (How many targets each replica takes is
 * replicas-share.test.ts's subject; here there is one target, owned by whichever the shares pick.)
 */
const INTERVAL_MS = 250;

let store: TestStore;
let target: TestPostgres;
let admin: pg.Client;
let targetId: string;
const dbs: Db[] = [];
const collectors: Collector[] = [];
const children: CollectorProcess[] = [];
const logs: string[] = [];

const waitFor = testWait({ timeoutMs: 15_000, everyMs: 50, explain: logTail(logs) });

function replica(name: string, replicaId?: number): Collector {
  const db = createDb(store.url);
  dbs.push(db);
  const collector = startCollector({ db, storeUrl: store.url, replicaId, log: (line) => logs.push(`${name}: ${line}`) });
  collectors.push(collector);
  return collector;
}

function collectorProcess(name: string): CollectorProcess {
  const started = startCollectorProcess(name, logs);
  children.push(started);
  return started;
}

/** The ids of the live replicas, as announced in the store. */
async function liveReplicas(): Promise<string[]> {
  const rows = await store.db.$queryRaw<{ id: string }[]>`
    SELECT objid::bigint::text AS id FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = ${REPLICA_LOCK_NAMESPACE}::bigint AND objsubid = 2 AND granted`;
  return rows.map((row) => row.id);
}

/** A replica id that loses the target to `owner` in the shares, so the owner keeps it when that replica joins. */
function idLosingTo(owner: string): number {
  for (let id = 1; ; id++) if (assignTargets([targetId], [owner, String(id)]).get(targetId) === owner) return id;
}

async function lifeguardConnections(): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'lifeguard'`);
  return rows[0]?.n ?? 0;
}

async function heldLocks(): Promise<number> {
  const rows = await store.db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = ${OWNERSHIP_LOCK_NAMESPACE}::bigint AND granted`;
  return rows[0]?.n ?? 0;
}

/** A stored sample taken after `since` that saw the target (not an error sample). */
async function sampleAfter(since: number): Promise<boolean> {
  return (await store.db.sample.count({ where: { targetId, at: { gt: new Date(since) }, total: { not: null } } })) > 0;
}

/** Polls for `ms`: the target must show exactly one persistent Lifeguard connection throughout. */
async function expectOneConnectionFor(ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    expect(await lifeguardConnections()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  store = await startTestStore();
  // Every replica (in this process and the children) shares the store and the key to its secrets.
  Object.assign(process.env, { DATABASE_URL: store.url, LIFEGUARD_SECRET_KEY: TEST_SECRET_KEY, LIFEGUARD_ADMIN_TOKEN: '' });
  delete (globalThis as { lifeguardConfig?: unknown }).lifeguardConfig;
  target = await startTestPostgres();
  admin = new pg.Client({ connectionString: target.url(), application_name: 'test-admin' });
  await admin.connect();
  ({ id: targetId } = await store.db.target.create({ data: { name: 'production', url: target.url(), intervalMs: INTERVAL_MS } }));
});

afterAll(async () => {
  killAll(children);
  await Promise.all(collectors.map((collector) => collector.stop()));
  await Promise.all(dbs.map((db) => db.$disconnect()));
  await admin?.end().catch(() => {});
  await target?.stop();
  await store?.stop();
});

describe('replicas sharing one store', () => {
  let b: Collector;

  it('samples a target from exactly one replica, and another takes over when the owner stops', async () => {
    const a = replica('A');
    await waitFor('A to sample', () => sampleAfter(0));
    const other = replica('B');
    // B joins: the shares give the target to one of the two (a hand-over when it is B).
    await waitFor('B to announce itself', async () => (await liveReplicas()).length === 2);
    const shareholder = assignTargets([targetId], await liveReplicas()).get(targetId);
    const [owner, next] = a.replicaId() === shareholder ? [a, other] : [other, a];
    await waitFor('the shares to settle', async () => owner.samplerCount() === 1 && next.samplerCount() === 0 && (await lifeguardConnections()) === 1);
    b = next;
    const since = Date.now();
    await expectOneConnectionFor(1_500);
    expect(await sampleAfter(since + 500)).toBe(true);
    expect(b.samplerCount()).toBe(0);

    await owner.stop();
    const stoppedAt = Date.now();
    await waitFor('the other to take over', async () => b.samplerCount() === 1 && (await sampleAfter(stoppedAt)));
    const takeoverMs = Date.now() - stoppedAt;
    console.log(`replicas: takeover after a clean stop in ${takeoverMs} ms`);
    expect(takeoverMs).toBeLessThan(5_000);
    await expectOneConnectionFor(1_000);
  });

  it('takes over from an `npm run collector` process that is killed, and that process stops cleanly on SIGTERM', async () => {
    const first = collectorProcess('C');
    await waitFor('C to start', async () => first.running(), 30_000);
    await b.stop(); // hand the target to C
    const handedAt = Date.now();
    await waitFor('C to sample', () => sampleAfter(handedAt + 200));
    const [c] = await liveReplicas();
    const d = replica('D', idLosingTo(c!));
    await waitFor('D to announce itself', async () => (await liveReplicas()).length === 2);
    await d.refresh();
    expect(d.samplerCount()).toBe(0);
    await expectOneConnectionFor(1_000);

    first.child.kill('SIGKILL');
    const killedAt = Date.now();
    await first.exited;
    await waitFor('D to take over from the dead process', async () => d.samplerCount() === 1 && (await sampleAfter(killedAt)));
    const takeoverMs = Date.now() - killedAt;
    console.log(`replicas: takeover after SIGKILL of the owner in ${takeoverMs} ms`);
    expect(takeoverMs).toBeLessThan(5_000);
    await expectOneConnectionFor(1_000);

    // A second process takes the target over from D, then stops on SIGTERM: exit 0, its target
    // connection closed and its lock released.
    const second = collectorProcess('E');
    await waitFor('E to start', async () => second.running(), 30_000);
    await d.stop();
    const dStoppedAt = Date.now();
    await waitFor('E to sample', () => sampleAfter(dStoppedAt + 200));
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await waitFor('the lifeguard connection to go', async () => (await lifeguardConnections()) === 0, 5_000);
    expect(await heldLocks()).toBe(0);
  });

  it('delivers a checklist tick made through replica A to the browsers of replica B', async () => {
    const [dbA, dbB] = [createDb(store.url), createDb(store.url)];
    dbs.push(dbA, dbB);
    const hubA = startHub({ url: store.url, db: dbA, log: (line) => logs.push(line) });
    const hubB = startHub({ url: store.url, db: dbB, log: (line) => logs.push(line) });
    try {
      await waitFor('both hubs to listen', async () => hubA.listening() && hubB.listening());
      const incident = await createIncident(dbA, TEST_ACTOR, { title: 'Connection flood', severity: 'SEV2', by: 'alice' });
      const item = incident.checklist[0];
      if (!item) throw new Error('the incident has no checklist');
      // The creation is announced too: resolve only once B, refetching on the event as a
      // browser does, sees the tick.
      const seen = new Promise<void>((resolve) => {
        hubB.subscribe((event: LiveEvent) => {
          if (event.type !== 'incident' || event.incidentId !== incident.id) return;
          void dbB.checklistItem.findUnique({ where: { id: item.id } }).then((row) => row?.checked && resolve());
        });
      });
      await tickChecklistItem(dbA, TEST_ACTOR, incident.id, item.id, { checked: true, by: 'alice' });
      await expect(Promise.race([seen.then(() => 'seen'), new Promise((resolve) => setTimeout(() => resolve('timeout'), 5_000))])).resolves.toBe('seen');
    } finally {
      await Promise.all([hubA.close(), hubB.close()]);
    }
  });
});
