import 'server-only';
import path from 'node:path';
import type { Config } from '../config';
import { createDb, type Db } from './db';
import { startLocalPostgres, type LocalPostgres } from './local-postgres';
import { migrate } from './migrate';

/**
 * Lifeguard's own database: the server named by DATABASE_URL, or, when it is unset, an
 * embedded PostgreSQL under LIFEGUARD_DATA_DIR that Lifeguard starts and stops itself.
 * Either way migrations are applied before anything else touches it.
 */
export interface Store {
  url: string;
  embedded: boolean;
  db: Db;
  close(): Promise<void>;
}

export async function openStore(config: Pick<Config, 'databaseUrl' | 'dataDir'>, log: (line: string) => void = console.log): Promise<Store> {
  let server: LocalPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    server = await startLocalPostgres({ dir: path.join(config.dataDir, 'store') });
    url = server.url();
    log(`lifeguard: embedded store on 127.0.0.1:${server.port} (data in ${path.join(config.dataDir, 'store')})`);
  }
  try {
    const applied = await migrate(url);
    if (applied.length > 0) log(`lifeguard: applied migrations ${applied.join(', ')}`);
  } catch (error) {
    await server?.stop();
    throw error;
  }
  const db = createDb(url);
  return {
    url,
    embedded: server !== undefined,
    db,
    close: async () => {
      await db.$disconnect();
      await server?.stop();
    },
  };
}
