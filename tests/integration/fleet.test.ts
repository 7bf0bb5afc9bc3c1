import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDrillDatabase } from '@/scripts/support/drill-database';
import { loopbackAddresses, startFleet, type Fleet, type Load } from '@/lib/drills/fleet';
import type { PoolReportPayload } from 'pg-lifeguard';
import { FLEET_DATABASE } from '../support/fleet-database';
import { settles } from '../support/wait';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

/**
 * The drill's fleet against a real PostgreSQL with max_connections 30 (27 for ordinary roles):
 * 3 instances × pool max 20 over-commit it, so a surge must end in "too many clients".
 */
const APP = 'worksmart-web';
const CALM: Load = { ratePerInstance: 10, queryMs: [2, 5] };
const SURGE: Load = { ratePerInstance: 60, queryMs: [200, 400] };

let server: TestPostgres;
let monitor: pg.Client;
let appUrl: string;

beforeAll(async () => {
  server = await startTestPostgres({ maxConnections: 30 });
  ({ appUrl } = await prepareDrillDatabase({ adminUrl: server.url(), ...FLEET_DATABASE, allowLoopbackRange: true }));
  monitor = new pg.Client({ connectionString: server.url() });
  await monitor.connect();
});

afterAll(async () => {
  await monitor?.end();
  await server?.stop();
});

async function fleetBackends(): Promise<{ total: number; addresses: number }> {
  const { rows } = await monitor.query<{ total: number; addresses: number }>(
    `SELECT count(*)::int AS total, count(DISTINCT client_addr)::int AS addresses
     FROM pg_stat_activity WHERE backend_type = 'client backend' AND application_name = $1`,
    [APP],
  );
  return rows[0] ?? { total: 0, addresses: 0 };
}

/** Samples the fleet's backends every 100 ms for `ms`; returns the largest count seen. */
async function peakOver(ms: number): Promise<{ total: number; addresses: number }> {
  const peak = { total: 0, addresses: 0 };
  for (const end = Date.now() + ms; Date.now() < end; ) {
    const now = await fleetBackends();
    peak.total = Math.max(peak.total, now.total);
    peak.addresses = Math.max(peak.addresses, now.addresses);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return peak;
}


describe('drill fleet', () => {
  let fleet: Fleet | undefined;
  afterAll(async () => {
    await fleet?.stop();
  });

  it('floods the server in a surge, is refused, recovers, and leaves nothing behind', async () => {
    fleet = startFleet({
      url: appUrl,
      app: APP,
      instances: 3,
      poolMax: 20,
      idleTimeoutMillis: 1000,
      connectionTimeoutMillis: 2000,
      load: CALM,
      clientAddress: loopbackAddresses('127.0.1'),
    });

    const calm = await peakOver(3000);
    const beforeSurge = fleet.stats();
    expect(beforeSurge.ok).toBeGreaterThan(40);
    expect(beforeSurge.errors).toBe(0);
    expect(calm.total).toBeLessThanOrEqual(9);

    fleet.setLoad(SURGE);
    const surge = await peakOver(6000);
    const afterSurge = fleet.stats();
    // (a) the pools grew far past what calm needed, up to the server's limit (27 usable, one taken by `monitor`).
    expect(surge.total).toBeGreaterThan(calm.total + 10);
    expect(surge.total).toBeGreaterThanOrEqual(20);
    // One source address per instance, so client_addr tells the instances apart.
    expect(surge.addresses).toBe(3);
    // (b) the server refused new connections and the fleet counted it.
    expect(afterSurge.tooManyClients - beforeSurge.tooManyClients).toBeGreaterThan(0);

    // (c) back to calm, idle connections time out (1 s here) and the count drops.
    fleet.setLoad(CALM);
    const settled = await settles(async () => (await fleetBackends()).total <= calm.total + 3, 10_000, 100);
    expect(settled).toBe(true);

    // (d) stop() ends every pool: no fleet connection is left on the server.
    await fleet.stop();
    expect(await settles(async () => (await fleetBackends()).total === 0, 3000, 100)).toBe(true);
    const final = fleet.stats();
    expect(final.poolTotal).toBe(0);
    expect(final.inFlight).toBe(0);
  });
});

describe('drill fleet reporting its pools', () => {
  it('reports every instance to Lifeguard, and runs the same when Lifeguard is absent', async () => {
    const reports: PoolReportPayload[] = [];
    const lifeguard = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        if (req.url === '/api/ingest') reports.push(...(JSON.parse(body) as { reports: PoolReportPayload[] }).reports);
        res.writeHead(202).end('{}');
      });
    });
    await new Promise<void>((resolve) => lifeguard.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(lifeguard.address() as AddressInfo).port}`;
    const options = { url: appUrl, app: APP, instances: 3, poolMax: 4, idleTimeoutMillis: 1000, load: CALM };
    const reporting = startFleet({ ...options, reportTo: { url, target: 'production', intervalMs: 250 } });
    // Nothing listens on port 1: every report fails, and the fleet must not notice.
    const orphan = startFleet({ ...options, app: 'orphan-web', reportTo: { url: 'http://127.0.0.1:1', intervalMs: 250 } });
    try {
      await settles(async () => new Set(reports.map((r) => r.instance)).size === 3 && reports.some((r) => r.queries > 0), 5000, 100);
      expect(new Set(reports.map((r) => r.instance))).toEqual(new Set([`${APP}-1`, `${APP}-2`, `${APP}-3`]));
      expect(reports[0]).toMatchObject({ application: APP, target: 'production', poolMax: 4 });
      await new Promise((resolve) => setTimeout(resolve, 2000)); // several failed report rounds
      const stats = orphan.stats();
      expect(stats.ok).toBeGreaterThan(10);
      expect(stats.errors).toBe(0);
    } finally {
      await Promise.all([reporting.stop(), orphan.stop()]);
      lifeguard.closeAllConnections();
      await new Promise((resolve) => lifeguard.close(resolve));
    }
  });
});
