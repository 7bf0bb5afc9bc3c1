import 'server-only';
import type { Db } from '@/lib/store/db';
import { revealSecret } from '@/lib/secrets/key';
import { backendAddress } from './backend-address';
import { computePoolerBudget, type PoolerBudget } from './budget';
import { latestPools } from './series';
import type { PoolerDatabase } from './types';

/** A pooler budget with the target it is about (the API shows it beside other targets' budgets). */
export type TargetPoolerBudget = PoolerBudget & { targetId: string; backendTargetId: string | null };

interface PoolerTarget {
  id: string;
  name: string;
  backendTargetId: string | null;
}

/**
 * The PgBouncer budgets that concern a target: a pgbouncer target's own, or, for a PostgreSQL
 * target, those of the pgbouncer targets in front of it (their backendTargetId). From what the
 * collector stored: the pooler's limits (pooler_configs), its latest pools, and the backend's
 * latest sample with figures.
 */
export async function poolerBudgetsFor(db: Db, target: { id: string; kind: string }): Promise<TargetPoolerBudget[]> {
  const poolers: PoolerTarget[] =
    target.kind === 'pgbouncer'
      ? await db.target.findMany({ where: { id: target.id }, select: { id: true, name: true, backendTargetId: true } })
      : await db.target.findMany({ where: { kind: 'pgbouncer', backendTargetId: target.id }, select: { id: true, name: true, backendTargetId: true }, orderBy: { name: 'asc' } });
  return Promise.all(poolers.map((pooler) => poolerBudget(db, pooler)));
}

async function poolerBudget(db: Db, pooler: PoolerTarget): Promise<TargetPoolerBudget> {
  const [config, pools, backend] = await Promise.all([
    db.poolerConfig.findUnique({ where: { targetId: pooler.id } }),
    latestPools(db, pooler.id),
    pooler.backendTargetId ? backendOf(db, pooler.backendTargetId) : null,
  ]);
  const budget = computePoolerBudget({
    targetName: pooler.name,
    // Written by the collector from SHOW DATABASES (lib/pooler/record.ts), in this shape.
    databases: config ? (config.databases as unknown as PoolerDatabase[]) : null,
    pools: pools.pools,
    backend,
  });
  return { ...budget, targetId: pooler.id, backendTargetId: pooler.backendTargetId };
}

async function backendOf(db: Db, id: string) {
  const [target, samples] = await Promise.all([
    db.target.findUnique({ where: { id }, select: { name: true, url: true } }),
    // As the application budget does: max_connections does not change while a target blinks.
    db.$queryRaw<{ usable: number }[]>`
      SELECT max_connections - coalesce(reserved_connections, 0) AS usable FROM samples
      WHERE target_id = ${id}::uuid AND max_connections IS NOT NULL
      ORDER BY at DESC LIMIT 1`,
  ]);
  if (!target) return null;
  return { name: target.name, usable: samples[0]?.usable ?? null, address: backendAddress(revealSecret(target.url)) };
}
