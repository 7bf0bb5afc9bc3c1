import { expect, type APIRequestContext } from '@playwright/test';
import pg from 'pg';

/** An application flooding an end-to-end target: the connections it holds, and its pools' reports. */
export interface E2EFlood {
  /** Opens connections until the server refuses one ("too many clients", SQLSTATE 53300); how many it then holds. */
  untilRefused(): Promise<number>;
  /** Closes every connection it holds: the flood is over. */
  release(): Promise<void>;
  /** Each instance reports its pool holding `total(index)` connections, all idle, as the pool client does every few seconds. */
  reportPools(request: APIRequestContext, total: (index: number) => number): Promise<void>;
}

export interface E2EFloodOptions {
  /** The target's ordinary application role (E2ETarget.appUrl), refused at max_connections − reserved. */
  appUrl: string;
  application: string;
  /** The target's name in Lifeguard, which the reports name. */
  target: string;
  instances: readonly string[];
  poolMax: number;
}

export function e2eFlood({ appUrl, application, target, instances, poolMax }: E2EFloodOptions): E2EFlood {
  const clients: pg.Client[] = [];
  return {
    untilRefused: async () => {
      for (let i = 0; i < 60; i++) {
        const client = new pg.Client({ connectionString: appUrl, application_name: application, connectionTimeoutMillis: 5000 });
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
    release: async () => {
      await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
    },
    reportPools: async (request, total) => {
      const at = new Date().toISOString();
      const reports = instances.map((instance, i) => ({
        application, instance, target, at, poolMax, total: total(i), idle: total(i), waiting: 0, queries: 0, errors: 0, p50Ms: null, p95Ms: null, p99Ms: null,
      }));
      const response = await request.post('/api/ingest', { data: { reports } });
      expect(response.status(), await response.text()).toBe(202);
    },
  };
}
