import type { PoolSeries } from '@/lib/pooler/types';
import type { ChartRow } from './series';

/** A pool's chart rows: one per bucket, keyed like the API's metrics. Pure. */
export function poolChartRows(pool: PoolSeries['pools'][number]): ChartRow[] {
  return pool.rows.map(([t, clActive, clWaiting, svActive, svIdle, maxWaitSeconds]) => ({ t, clActive, clWaiting, svActive, svIdle, maxWaitSeconds }));
}

/** "appdb / app": how a pool is named on the page. */
export const poolLabel = (pool: { database: string; user: string }) => `${pool.database} / ${pool.user}`;
