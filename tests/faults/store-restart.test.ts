import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isRunning, latencySummary, sleep, waitFor } from '@/scripts/support/processes';
import { startLifeguard, type LifeguardApp } from './support/lifeguard';
import { adminClient, startRestartable, startTarget, type RestartableServer, type Target } from './support/servers';

/**
 * Store down and back: Lifeguard's own database stops for 20 s. The API says so (503 with a
 * message), pages answer with readable text instead of crashing, the process stays up,
 * collection resumes when the store returns, and nothing committed before the fault is lost.
 */
const STORE_DOWN_SECONDS = 20;

let store: RestartableServer;
let target: Target;
let app: LifeguardApp;
let targetId: string;
let incidentId: string;

beforeAll(async () => {
  store = await startRestartable();
  target = await startTarget(30);
  app = await startLifeguard({ DATABASE_URL: store.url() });
  const created = await app.post('/api/targets', { name: 'watched', url: target.monitorUrl });
  expect(created.status).toBe(201);
  targetId = created.json<{ id: string }>().id;
  const incident = await app.post('/api/incidents', { title: 'Committed before the store fault', severity: 'SEV2', by: 'fault suite' });
  expect(incident.status, incident.text).toBe(201);
  incidentId = incident.json<{ id: string }>().id;
  await waitFor('a few samples', async () => (await countSamples(new Date(0))) >= 3, 20_000);
});

afterAll(async () => {
  await app?.stop();
  await target?.destroy();
  await store?.destroy();
});

async function withStore<T>(query: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await adminClient(store.url());
  try {
    return await query(client);
  } finally {
    await client.end();
  }
}

function countSamples(since: Date, before = new Date(8.64e15)): Promise<number> {
  return withStore(async (client) => {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM samples WHERE target_id = $1 AND at >= $2 AND at < $3', [targetId, since, before]);
    return rows[0]?.n ?? 0;
  });
}

it('answers "store unavailable" without crashing, resumes collection, and loses nothing committed', async () => {
  const pid = app.serverPid;
  const downAt = new Date();
  const committedBefore = await countSamples(new Date(0), downAt);
  await store.stop();

  const seen = { api: new Map<number, number>(), health: new Map<number, number>(), page: new Map<number, number>() };
  const apiMessages = new Set<string>();
  const pageProblems: string[] = [];
  const latencies: number[] = [];
  const count = (map: Map<number, number>, status: number) => map.set(status, (map.get(status) ?? 0) + 1);
  const deadline = downAt.getTime() + STORE_DOWN_SECONDS * 1000;
  while (Date.now() < deadline) {
    const [targets, incident, health, overview, targetPage, incidentPage] = await Promise.all([
      app.get('/api/targets'),
      app.get(`/api/incidents/${incidentId}`),
      app.get('/api/health'),
      app.get('/'),
      app.get(`/targets/${targetId}`),
      app.get(`/incidents/${incidentId}`),
    ]);
    for (const response of [targets, incident]) {
      count(seen.api, response.status);
      latencies.push(response.ms);
      if (response.status === 503) apiMessages.add(response.json<{ error: string }>().error);
    }
    count(seen.health, health.status);
    for (const page of [overview, targetPage, incidentPage]) {
      count(seen.page, page.status);
      latencies.push(page.ms);
      if (page.status !== 200 && page.status !== 503) pageProblems.push(`${page.status}: ${page.text.slice(0, 200)}`);
      else if (page.text.trim() === '') pageProblems.push(`${page.status} with an empty body`);
    }
    await sleep(500);
  }
  expect(isRunning(pid)).toBe(true);

  const upAt = new Date();
  await store.start();
  const healthy = await waitFor('/api/health to say ok', async () => (await app.get('/api/health')).status === 200 && new Date(), 30_000);
  const newSample = await waitFor('a sample taken after the store came back', async () => (await countSamples(upAt)) > 0 && new Date(), 30_000);
  const targetsAgain = await app.get('/api/targets');
  const incidentAgain = await app.get(`/api/incidents/${incidentId}`);
  const committedAfter = await countSamples(new Date(0), downAt);

  const show = (map: Map<number, number>) => [...map].map(([status, n]) => `${status}×${n}`).join(', ');
  console.log(
    [
      `store down for ${((upAt.getTime() - downAt.getTime()) / 1000).toFixed(1)} s`,
      `  API answers while down: ${show(seen.api)}; messages: ${[...apiMessages].map((m) => JSON.stringify(m)).join(', ')}`,
      `  /api/health while down: ${show(seen.health)}; pages while down: ${show(seen.page)}; latency ${latencySummary(latencies)}`,
      `  after restart: health ok in ${((healthy.getTime() - upAt.getTime()) / 1000).toFixed(1)} s, first new sample in ${((newSample.getTime() - upAt.getTime()) / 1000).toFixed(1)} s`,
      `  samples committed before the fault: ${committedBefore} before, ${committedAfter} after; pid ${pid} alive: ${isRunning(pid)}`,
    ].join('\n'),
  );

  expect(pageProblems).toEqual([]);
  expect([...seen.api.keys()]).toEqual([503]);
  expect([...apiMessages].every((message) => /store/i.test(message))).toBe(true);
  expect([...seen.health.keys()]).toEqual([503]);
  expect(isRunning(pid)).toBe(true);
  expect(committedAfter).toBe(committedBefore);
  expect(targetsAgain.status).toBe(200);
  expect(incidentAgain.status).toBe(200);
  expect(incidentAgain.json<{ title: string }>().title).toBe('Committed before the store fault');
});
