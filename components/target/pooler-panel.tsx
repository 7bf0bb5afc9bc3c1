'use client';

import Link from 'next/link';
import { TimeChart } from '@/components/charts/lazy-time-chart';
import type { ChartSeries } from '@/components/charts/chart-series';
import { usePoolSeries } from '@/lib/browser/hooks/use-pools';
import { useSeries } from '@/lib/browser/hooks/use-series';
import { useTarget } from '@/lib/browser/hooks/use-targets';
import { poolChartRows, poolLabel } from '@/lib/browser/pools';
import { mergeSeries } from '@/lib/browser/series';
import type { TimeRange } from '@/lib/browser/time-range';
import type { MetricName } from '@/lib/samples/series-metrics';
import { ChartFrame, openEndFor, seriesBounds } from './chart-frame';
import { PoolerBudgetPanel } from './pooler-budget';

const CLIENT_SERIES: ChartSeries[] = [
  { key: 'clActive', label: 'clients active', color: 'active', kind: 'area', stackId: 'clients' },
  { key: 'clWaiting', label: 'clients waiting', color: 'waiting', kind: 'area', stackId: 'clients' },
  { key: 'svActive', label: 'servers active', color: 'total', kind: 'line' },
  { key: 'svIdle', label: 'servers idle', color: 'idle', kind: 'line', dashed: true },
];
const WAIT_SERIES: ChartSeries[] = [{ key: 'maxWaitSeconds', label: 'oldest waiting client', color: 'latency', kind: 'line' }];

/**
 * A PgBouncer target's pools: its own budget against the database behind it, then per (database,
 * user) the clients (active and waiting, stacked) beside the server connections they share, and
 * how long the oldest waiting client has waited.
 */
export function PoolerPanel({ targetId, backendTargetId, range }: { targetId: string; backendTargetId: string | null; range: TimeRange }) {
  const pools = usePoolSeries(targetId, range);
  const data = pools.data;
  return (
    <>
      <PoolerBudgetPanel targetId={targetId} />
      {backendTargetId && <BackendChart backendTargetId={backendTargetId} range={range} />}
      {data && data.pools.length === 0 && <p className="muted">No pools seen in this range.</p>}
      {!data && <ChartFrame title="Pools" isPending={pools.isPending} error={pools.error}>{null}</ChartFrame>}
      {data?.pools.map((pool) => {
        const rows = poolChartRows(pool);
        return (
          <div className="chart-pair" key={poolLabel(pool)}>
            <ChartFrame title={`Pool ${poolLabel(pool)}: clients and servers`} isPending={false} error={pools.error}>
              <TimeChart testId="pool-chart" label={`clients and server connections of pool ${poolLabel(pool)}`} rows={rows} from={data.from} to={data.to} series={CLIENT_SERIES} />
            </ChartFrame>
            <ChartFrame title={`Pool ${poolLabel(pool)}: max wait (s)`} isPending={false} error={pools.error}>
              <TimeChart testId="pool-wait-chart" label={`oldest waiting client of pool ${poolLabel(pool)} in seconds`} rows={rows} from={data.from} to={data.to} unit="s" series={WAIT_SERIES} />
            </ChartFrame>
          </div>
        );
      })}
    </>
  );
}

const BACKEND_METRICS: MetricName[] = ['total', 'maxConnections'];
const BACKEND_SERIES: ChartSeries[] = [
  { key: 'total', label: 'connections', color: 'total', kind: 'line' },
  { key: 'maxConnections', label: 'max_connections', color: 'limit', kind: 'line', dashed: true, step: true },
];

/** The PostgreSQL behind the pooler, small, so a queue here can be read against the server there. */
function BackendChart({ backendTargetId, range }: { backendTargetId: string; range: TimeRange }) {
  const backend = useTarget(backendTargetId);
  const { series, isPending, error } = useSeries(backendTargetId, BACKEND_METRICS, range);
  const bounds = seriesBounds(series);
  const name = backend.data?.name ?? 'the database';
  return (
    <ChartFrame title={`Database behind it: ${name}`} isPending={isPending} error={error}>
      <p>
        <Link href={`/targets/${encodeURIComponent(backendTargetId)}`} data-testid="backend-link">
          Open {name}
        </Link>
      </p>
      {bounds && (
        <TimeChart
          testId="backend-chart"
          label={`connections of ${name}`}
          rows={mergeSeries(series, openEndFor(bounds.stepMs))}
          from={bounds.from}
          to={bounds.to}
          height={140}
          series={BACKEND_SERIES}
        />
      )}
    </ChartFrame>
  );
}
