import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Snapshot } from '@/lib/samples/types';
import { latencySummary, sleep, waitFor } from '@/scripts/support/processes';
import { startLifeguard, type LifeguardApp } from './support/lifeguard';
import { adminClient, lifeguardBackends, startRestartable, startTarget, type RestartableServer, type Target } from './support/servers';

/**
 * Flood: a target driven to max_connections by real client connections of an ordinary role.
 * Lifeguard's pages and API keep answering, its persistent connection keeps reporting, the
 * refusal (53300) is recorded, and it holds no more than one persistent + one probe connection.
 */
const FLOOD_SECONDS = 8;

let store: RestartableServer;
let target: Target;
let app: LifeguardApp;
let admin: pg.Client;
let targetId: string;
const flood: pg.Client[] = [];

beforeAll(async () => {
  store = await startRestartable();
  target = await startTarget(30);
  app = await startLifeguard({ DATABASE_URL: store.url() });
  admin = await adminClient(target.url('shop'));
  const created = await app.post('/api/targets', { name: 'flooded', url: target.monitorUrl });
  expect(created.status).toBe(201);
  targetId = created.json<{ id: string }>().id;
  await waitFor('a first sample with figures', async () => {
    const response = await app.get(`/api/targets/${targetId}/snapshot`);
    return response.status === 200 && response.json<Snapshot>().total !== null;
  }, 20_000);
});

afterAll(async () => {
  await Promise.all(flood.map((client) => client.end().catch(() => {})));
  await admin?.end().catch(() => {});
  await app?.stop();
  await target?.destroy();
  await store?.destroy();
});

/** Opens ordinary-role connections until the server refuses one with "too many clients". */
async function fillToMaxConnections(): Promise<string> {
  for (;;) {
    const client = new pg.Client({ connectionString: target.appUrl, application_name: 'flood' });
    client.on('error', () => {});
    try {
      await client.connect();
      flood.push(client);
    } catch (error) {
      await client.end().catch(() => {});
      const code = (error as { code?: string }).code ?? String(error);
      // A refusal while Lifeguard's probe holds the last slot counts too: the server is full.
      if (code === '53300') return code;
      throw error;
    }
    if (flood.length > 100) throw new Error('the server never refused a connection');
  }
}

it('keeps answering and reporting while the target refuses new connections', async () => {
  const refusal = await fillToMaxConnections();
  expect(refusal).toBe('53300');

  const latencies: Record<string, number[]> = { health: [], targets: [], snapshot: [], page: [] };
  const statuses = new Set<number>();
  const snapshots: Snapshot[] = [];
  let maxPersistent = 0;
  let maxProbe = 0;
  let activitySamples = 0;
  const deadline = Date.now() + FLOOD_SECONDS * 1000;
  while (Date.now() < deadline) {
    const [health, targets, snapshot, page, backends] = await Promise.all([
      app.get('/api/health'),
      app.get('/api/targets'),
      app.get(`/api/targets/${targetId}/snapshot`),
      app.get(`/targets/${targetId}`),
      lifeguardBackends(admin),
    ]);
    for (const [name, response] of Object.entries({ health, targets, snapshot, page })) {
      statuses.add(response.status);
      latencies[name]!.push(response.ms);
    }
    snapshots.push(snapshot.json<Snapshot>());
    maxPersistent = Math.max(maxPersistent, backends.persistent);
    maxProbe = Math.max(maxProbe, backends.probe);
    activitySamples++;
    await sleep(250);
  }

  const distinctAt = new Set(snapshots.map((snapshot) => snapshot.at));
  const refused = snapshots.filter((snapshot) => snapshot.errorCode === '53300');
  const withFigures = refused.filter((snapshot) => snapshot.total !== null && snapshot.maxConnections !== null);
  console.log(
    [
      `flood: ${flood.length} app connections held; server refuses with ${refusal}`,
      ...Object.entries(latencies).map(([name, ms]) => `  ${name.padEnd(8)} ${latencySummary(ms)}`),
      `  statuses seen: ${[...statuses].join(', ')}`,
      `  snapshots: ${distinctAt.size} distinct 'at' in ${FLOOD_SECONDS} s, ${refused.length}/${snapshots.length} with errorCode 53300 (figures present in ${withFigures.length})`,
      `  pg_stat_activity sampled ${activitySamples}×: max lifeguard ${maxPersistent}, max lifeguard-probe ${maxProbe}`,
      `  last snapshot: total ${refused.at(-1)?.total} of max_connections ${refused.at(-1)?.maxConnections}`,
    ].join('\n'),
  );

  expect([...statuses]).toEqual([200]);
  // The persistent connection keeps reporting: a new sample about every second, with figures.
  expect(distinctAt.size).toBeGreaterThanOrEqual(FLOOD_SECONDS - 3);
  expect(withFigures.length).toBeGreaterThan(0);
  expect(maxPersistent).toBe(1);
  expect(maxProbe).toBeLessThanOrEqual(1);
});
