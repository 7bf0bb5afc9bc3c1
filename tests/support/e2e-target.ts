import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type APIRequestContext } from '@playwright/test';
import { startLocalPostgres, type LocalPostgres } from '../../lib/store/local-postgres';
import { prepareDrillDatabase } from '../../scripts/support/drill-database';

export interface E2ETarget {
  /** Lifeguard's id for it. */
  id: string;
  /** An ordinary application role's URL: refused at max_connections − reserved, as in a real outage. */
  appUrl: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL registered with the Lifeguard under test, as the flood specs need it: an
 * ordinary app role and a pg_monitor role for Lifeguard, so its probe meets the refusal the
 * application meets. Sampled every 500 ms.
 */
export async function startE2ETarget(
  request: APIRequestContext,
  options: { name: string; maxConnections: number; monitorMayStopSessions?: boolean },
): Promise<E2ETarget> {
  const { server, stop } = await startThrowawayPostgres(options.maxConnections);
  const db = await prepareDrillDatabase({
    adminUrl: server.url(),
    database: 'shop',
    appRole: 'shop_app',
    appPassword: 'app-secret',
    monitorRole: 'lifeguard_monitor',
    monitorPassword: 'monitor-secret',
    monitorMayStopSessions: options.monitorMayStopSessions,
    orders: 10,
  });
  const response = await request.post('/api/targets', { data: { name: options.name, url: db.monitorUrl, intervalMs: 500 } });
  expect(response.status()).toBe(201);
  return { id: ((await response.json()) as { id: string }).id, appUrl: db.appUrl, stop };
}

export interface PlainE2ETarget {
  /** Lifeguard's id for it. */
  id: string;
  stop(): Promise<void>;
}

/**
 * A bare PostgreSQL registered with the Lifeguard under test as its superuser, sampled every
 * 500 ms: for the specs that need a live target but no flood and no application role.
 */
export async function startPlainE2ETarget(request: APIRequestContext, options: { name: string; maxConnections: number }): Promise<PlainE2ETarget> {
  const { server, stop } = await startThrowawayPostgres(options.maxConnections);
  const response = await request.post('/api/targets', { data: { name: options.name, url: server.url(), intervalMs: 500 } });
  expect(response.status()).toBe(201);
  return { id: ((await response.json()) as { id: string }).id, stop };
}

/** A PostgreSQL server in a temp dir; `stop()` removes the dir with it. */
async function startThrowawayPostgres(maxConnections: number): Promise<{ server: LocalPostgres; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-e2e-target-'));
  const server = await startLocalPostgres({ dir, maxConnections });
  return {
    server,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
