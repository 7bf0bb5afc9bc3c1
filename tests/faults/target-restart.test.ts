import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Snapshot } from '@/lib/samples/types';
import { isRunning, rssMiB, sleep, waitFor } from '@/scripts/support/processes';
import { startLifeguard, type LifeguardApp } from './support/lifeguard';
import { adminClient, lifeguardBackends, startRestartable, startTarget, type RestartableServer, type Target } from './support/servers';

/**
 * Target down and back: the monitored server stops mid-run and starts again on the same port.
 * Gaps are recorded with their reason, the built-in "Target unreachable" alert fires and
 * resolves, and Lifeguard itself neither restarts nor grows in connections or memory.
 */
interface AlertView {
  id: string;
  rule: string;
  state: string;
  targetId: string | null;
}

let store: RestartableServer;
let target: Target;
let app: LifeguardApp;
let storeClient: pg.Client;
let targetId: string;

beforeAll(async () => {
  store = await startRestartable();
  target = await startTarget(30);
  app = await startLifeguard({ DATABASE_URL: store.url() });
  storeClient = await adminClient(store.url());
  const created = await app.post('/api/targets', { name: 'restarting', url: target.monitorUrl });
  expect(created.status).toBe(201);
  targetId = created.json<{ id: string }>().id;
  // The built-in keeps firing 60 s after the target is back (one page per outage, not one per
  // flap); this test is about the fault, so it shortens that wait through the rules API.
  const rules = (await app.get('/api/alert-rules')).json<{ id: string; name: string }[]>();
  const unreachable = rules.find((rule) => rule.name === 'Target unreachable');
  expect(unreachable).toBeDefined();
  const tuned = await fetch(`${app.baseUrl}/api/alert-rules/${unreachable!.id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ keepFiringForSeconds: 5 }),
  });
  expect(tuned.status).toBe(200);
  await waitFor('a first sample with figures', async () => (await snapshot()).total !== null, 20_000);
});

afterAll(async () => {
  await storeClient?.end().catch(() => {});
  await app?.stop();
  await target?.destroy();
  await store?.destroy();
});

async function snapshot(): Promise<Snapshot> {
  const response = await app.get(`/api/targets/${targetId}/snapshot`);
  if (response.status !== 200) throw new Error(`snapshot: ${response.status} ${response.text}`);
  return response.json<Snapshot>();
}

async function unreachableAlert(state: string): Promise<AlertView | undefined> {
  const response = await app.get(`/api/alerts?state=${state}&targetId=${targetId}`);
  return response.json<AlertView[]>().find((alert) => alert.rule === 'Target unreachable');
}

async function gapSamples(since: Date): Promise<{ gaps: number; all: number; reason: string | null }> {
  const { rows } = await storeClient.query<{ gaps: number; all: number; reason: string | null }>(
    `SELECT count(*) FILTER (WHERE total IS NULL AND error IS NOT NULL)::int AS gaps, count(*)::int AS all,
            max(error) FILTER (WHERE total IS NULL) AS reason
     FROM samples WHERE target_id = $1 AND at >= $2`,
    [targetId, since],
  );
  return rows[0]!;
}

/** The most Lifeguard sessions seen on the target over a few seconds of sampling pg_stat_activity. */
async function watchBackends(seconds: number): Promise<number> {
  const admin = await adminClient(target.url('shop'));
  let most = 0;
  try {
    for (let i = 0; i < seconds * 5; i++) {
      const { persistent, probe } = await lifeguardBackends(admin);
      most = Math.max(most, persistent + probe);
      await sleep(200);
    }
  } finally {
    await admin.end();
  }
  return most;
}

it('records the gap, fires and resolves "unreachable", and stays up with bounded connections and memory', async () => {
  const pid = app.serverPid;
  // Warm the routes the test uses, so their first compilation is not counted as growth.
  await app.get('/api/alerts?state=all');
  const rssBefore = rssMiB(pid);
  const backendsBefore = await watchBackends(2);

  const downAt = new Date();
  await target.stop();
  const gap = await waitFor('a gap sample', async () => {
    const latest = await snapshot();
    return latest.total === null && latest.error !== null && new Date(latest.at) >= downAt ? latest : undefined;
  }, 10_000);
  const gapSeconds = (Date.now() - downAt.getTime()) / 1000;
  const firing = await waitFor('the unreachable alert to fire', () => unreachableAlert('firing'), 45_000, { everyMs: 500 });
  const firingSeconds = (Date.now() - downAt.getTime()) / 1000;
  expect(isRunning(pid)).toBe(true);

  const upAt = new Date();
  await target.start();
  await waitFor('a sample with figures again', async () => {
    const latest = await snapshot();
    return latest.total !== null && new Date(latest.at) >= upAt;
  }, 30_000);
  const recoverSeconds = (Date.now() - upAt.getTime()) / 1000;
  await waitFor('the unreachable alert to resolve', async () => (await unreachableAlert('firing')) === undefined && (await unreachableAlert('resolved'))?.id === firing.id, 30_000, { everyMs: 500 });
  const resolveSeconds = (Date.now() - upAt.getTime()) / 1000;
  const downSeconds = (upAt.getTime() - downAt.getTime()) / 1000;

  const backendsAfter = await watchBackends(3);
  const samples = await gapSamples(downAt);
  const rssAfter = rssMiB(pid);
  console.log(
    [
      `target down for ${downSeconds.toFixed(1)} s: first gap sample after ${gapSeconds.toFixed(1)} s ("${gap.error}", ${gap.errorCode})`,
      `  ${samples.gaps} gap samples of ${samples.all} since the stop; unreachable alert firing after ${firingSeconds.toFixed(1)} s`,
      `  after restart: figures again in ${recoverSeconds.toFixed(1)} s, alert resolved in ${resolveSeconds.toFixed(1)} s`,
      `  Lifeguard pid ${pid} alive: ${isRunning(pid)}; its sessions on the target: max ${backendsBefore} before, max ${backendsAfter} after`,
      `  server RSS ${rssBefore} MiB before, ${rssAfter} MiB after`,
    ].join('\n'),
  );

  expect(samples.gaps).toBeGreaterThanOrEqual(3);
  expect(isRunning(pid)).toBe(true);
  expect(backendsAfter).toBeLessThanOrEqual(2);
  // Bounded, not equal: the V8 heap breathes; a leak per failed reconnect would show as far more.
  expect(rssAfter - rssBefore).toBeLessThan(100);
});
