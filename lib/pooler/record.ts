import 'server-only';
import type { Db } from '@/lib/store/db';
import { toJson } from '@/lib/store/values';
import type { PoolerConfigReading, PoolerRow } from './types';

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

/**
 * Stores a pooler's current limits (one row per target, replaced). The collector calls it only
 * when they differ from what it last stored, so a steady PgBouncer costs no write per tick.
 */
export async function recordPoolerConfig(db: Db, targetId: string, at: Date, config: PoolerConfigReading): Promise<void> {
  const data = { at, maxClientConn: config.maxClientConn, databases: toJson(config.databases) };
  await db.poolerConfig.upsert({ where: { targetId }, create: { targetId, ...data }, update: data });
}
