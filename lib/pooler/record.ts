import 'server-only';
import type { Db } from '@/lib/store/db';
import type { PoolerRow } from './types';

/**
 * Stores the pools of one PgBouncer sample. Written before the target's regular sample, whose
 * insert sends the live-update notification: a browser that refetches on that notice finds the
 * pools already there. A retried write of the same (target, at) is ignored.
 */
export async function recordPoolerSamples(db: Db, targetId: string, at: Date, pools: readonly PoolerRow[]): Promise<number> {
  if (pools.length === 0) return 0;
  const { count } = await db.poolerSample.createMany({
    data: pools.map((pool) => ({ targetId, at, ...pool })),
    skipDuplicates: true,
  });
  return count;
}
