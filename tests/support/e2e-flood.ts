import { expect, type APIRequestContext } from '@playwright/test';
import pg from 'pg';
import { startE2ETarget } from './e2e-target';

/**
 * An end-to-end target (tests/support/e2e-target.ts) and an application flooding it: the
 * connections the application holds, and its pools' reports to Lifeguard.
 */
export interface E2EFlood {
  /** Lifeguard's id for the target. */
  targetId: string;
  /** Opens connections until the server refuses one ("too many clients", SQLSTATE 53300); how many it then holds. */
  untilRefused(): Promise<number>;
  /** Closes every connection it holds: the flood is over. */
  release(): Promise<void>;
  /** Each instance reports its pool holding `total(index)` connections, all idle, as the pool client does every few seconds. */
  reportPools(request: APIRequestContext, total: (index: number) => number): Promise<void>;
  /** Releases the connections and stops the target. */
  stop(): Promise<void>;
}

export interface E2EFloodOptions {
  /** The target's name in Lifeguard, which the reports name too. */
  target: string;
  maxConnections: number;
  application: string;
  instances: readonly string[];
  poolMax: number;
}

export async function startE2EFlood(request: APIRequestContext, { target, maxConnections, application, instances, poolMax }: E2EFloodOptions): Promise<E2EFlood> {
  const server = await startE2ETarget(request, { name: target, maxConnections });
  const clients: pg.Client[] = [];
  const release = async () => {
    await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
  };
  return {
    targetId: server.id,
    untilRefused: async () => {
      for (let i = 0; i < 60; i++) {
        const client = new pg.Client({ connectionString: server.appUrl, application_name: application, connectionTimeoutMillis: 5000 });
        try {
          await client.connect();
          clients.push(client);
        } catch (error) {
          await client.end().catch(() => {});
          expect((error as { code?: string }).code).toBe('53300');
          return clients.length;
        }
      }
      throw new Error('the server never refused a connection');
    },
    release,
    reportPools: async (request, total) => {
      const at = new Date().toISOString();
      const reports = instances.map((instance, i) => ({
        application, instance, target, at, poolMax, total: total(i), idle: total(i), waiting: 0, queries: 0, errors: 0, p50Ms: null, p95Ms: null, p99Ms: null,
      }));
      const response = await request.post('/api/ingest', { data: { reports } });
      expect(response.status(), await response.text()).toBe(202);
    },
    stop: async () => {
      await release();
      await server.stop();
    },
  };
}
