import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '@/lib/store/db';
import { startLocalPostgres, type LocalPostgres, type LocalPostgresOptions } from '@/lib/store/local-postgres';
import { migrate } from '@/lib/store/migrate';

/** A throwaway real PostgreSQL server in a temp dir; `stop()` removes it. */
export interface TestPostgres extends LocalPostgres {
  dir: string;
}

export async function startTestPostgres(options: Omit<LocalPostgresOptions, 'dir'> = {}): Promise<TestPostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-test-'));
  const server = await startLocalPostgres({ dir, ...options });
  return {
    ...server,
    dir,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Lifeguard's store on a fresh server, migrated, with a Prisma client. */
export interface TestStore {
  server: TestPostgres;
  url: string;
  db: Db;
  stop(): Promise<void>;
}

export async function startTestStore(): Promise<TestStore> {
  const server = await startTestPostgres();
  const url = server.url();
  await migrate(url);
  const db = createDb(url);
  return {
    server,
    url,
    db,
    stop: async () => {
      await db.$disconnect();
      await server.stop();
    },
  };
}
