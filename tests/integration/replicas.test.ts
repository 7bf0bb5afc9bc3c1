import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type Collector } from '@/lib/collector/collector';
import { OWNERSHIP_LOCK_NAMESPACE } from '@/lib/collector/ownership';
import { createDb, type Db } from '@/lib/store/db';
import { startHub, type LiveEvent } from '@/lib/events/hub';
import { createIncident } from '@/lib/incidents/create';
import { tickChecklistItem } from '@/lib/incidents/tick';
import { TEST_ACTOR } from '@/tests/support/accounts';
import { TEST_SECRET_KEY } from '@/tests/support/app';
import { startTestPostgres, startTestStore, type TestPostgres, type TestStore } from '@/tests/support/postgres';

/**
 * Several Lifeguard replicas on one store: each target sampled by exactly one of them, taken
 * over when its owner stops or dies, and live updates reaching every replica's browsers.
 * Collectors in this process are replicas with their own Db clients; `npm run collector` runs as
 * a child process so that it can be killed for real.
 */
const INTERVAL_MS = 250;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let store: TestStore;
let target: TestPostgres;
let admin: pg.Client;
let targetId: string;
const dbs: Db[] = [];
const collectors: Collector[] = [];
const children: ChildProcess[] = [];
const logs: string[] = [];

async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; log:\n${logs.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function replica(name: string): Collector {
  const db = createDb(store.url);
  dbs.push(db);
  const collector = startCollector({ db, storeUrl: store.url, log: (line) => logs.push(`${name}: ${line}`) });
  collectors.push(collector);
  return collector;
}

/** `npm run collector`'s script, as its own process (node + tsx loader: one pid to kill), with its `react-server` condition. */
function collectorProcess(name: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/collector.ts'], {
    cwd: ROOT,
    env: { ...process.env, LIFEGUARD_TARGETS: '', LIFEGUARD_COLLECTOR: 'on' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => logs.push(`${name}: ${chunk.toString().trim()}`));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited };
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
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
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
    b = replica('B');
    await b.refresh();
    expect([a.samplerCount(), b.samplerCount()]).toEqual([1, 0]);
    const since = Date.now();
    await expectOneConnectionFor(1_500);
    expect(await sampleAfter(since + 500)).toBe(true);

    await a.stop();
    const stoppedAt = Date.now();
    await waitFor('B to take over', async () => b.samplerCount() === 1 && (await sampleAfter(stoppedAt)));
    const takeoverMs = Date.now() - stoppedAt;
    console.log(`replicas: takeover after a clean stop in ${takeoverMs} ms`);
    expect(takeoverMs).toBeLessThan(5_000);
    await expectOneConnectionFor(1_000);
  });

  it('takes over from an `npm run collector` process that is killed, and that process stops cleanly on SIGTERM', async () => {
    const first = collectorProcess('C');
    await waitFor('C to start', async () => logs.some((line) => line.startsWith('C: ') && line.includes('collector: running')), 30_000);
    await b.stop(); // hand the target to C
    const handedAt = Date.now();
    await waitFor('C to sample', () => sampleAfter(handedAt + 200));
    const d = replica('D');
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
    await waitFor('E to start', async () => logs.some((line) => line.startsWith('E: ') && line.includes('collector: running')), 30_000);
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
