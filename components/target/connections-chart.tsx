'use client';

import { TimeChart } from '@/components/charts/lazy-time-chart';
import type { ChartSeries } from '@/components/charts/chart-series';
import { formatNumber } from '@/lib/browser/format';
import { useSeries } from '@/lib/browser/hooks/use-series';
import { mergeSeries } from '@/lib/browser/series';
import type { TimeRange } from '@/lib/browser/time-range';
import type { MetricName } from '@/lib/samples/series-metrics';
import type { Snapshot } from '@/lib/samples/types';
import { ChartFrame, openEndFor, seriesBounds } from './chart-frame';

const METRICS: MetricName[] = ['total', 'active', 'idle', 'idleInTransaction', 'idleInTransactionAborted', 'waiting', 'maxConnections', 'usableConnections'];

/*
 * States stack up to the total: the server reads them at each bucket's peak sample, so the stack
 * is one real instant and the total line (that peak) is never below it; the gap between them is
 * connections in no state (walsenders, fast-path calls). Waiting (backends blocked on a lock,
 * themselves mostly "active") is a separate line so it is not counted twice. The two limits are drawn from their own series,
 * not today's values, so a past range shows the limits that applied then.
 */
const SERIES: ChartSeries[] = [
  { key: 'active', label: 'active', color: 'active', kind: 'area', stackId: 'states' },
  { key: 'idle', label: 'idle', color: 'idle', kind: 'area', stackId: 'states' },
  { key: 'idleInTransaction', label: 'idle in transaction', color: 'idle-tx', kind: 'area', stackId: 'states' },
  { key: 'idleInTransactionAborted', label: 'idle in transaction (aborted)', color: 'idle-tx-aborted', kind: 'area', stackId: 'states' },
  { key: 'total', label: 'total', color: 'total', kind: 'line' },
  { key: 'waiting', label: 'waiting on locks', color: 'waiting', kind: 'line' },
  { key: 'maxConnections', label: 'max_connections', color: 'max', kind: 'line', dashed: true, step: true },
  { key: 'usableConnections', label: 'usable limit', color: 'limit', kind: 'line', dashed: true, step: true },
];

/**
 * `onPick` gets the instant clicked: the end of the bucket under the pointer, so that the sample
 * at or before it is the bucket's last (at a 1 s step, the very second clicked).
 */
export function ConnectionsChart({ targetId, range, snapshot, at, onPick }: { targetId: string; range: TimeRange; snapshot: Snapshot | null; at: number | null; onPick: (ms: number) => void }) {
  const { series, isPending, error } = useSeries(targetId, METRICS, range);
  const bounds = seriesBounds(series);
  const rows = bounds ? mergeSeries(series, openEndFor(bounds.stepMs)) : [];
  const caption =
    snapshot?.total == null ? (
      <span data-testid="latest-total">no current figure</span>
    ) : (
      <span data-testid="latest-total" data-total={snapshot.total} data-usable={snapshot.usableConnections ?? ''}>
        {formatNumber(snapshot.total)} connections of {formatNumber(snapshot.usableConnections)} usable
      </span>
    );
  return (
    <ChartFrame title="Connections by state" isPending={isPending} error={error} wide>
      {bounds && (
        <TimeChart
          testId="connections-chart"
          label="connections by state against max_connections"
          rows={rows}
          from={bounds.from}
          to={bounds.to}
          height={300}
          series={SERIES}
          caption={caption}
          onPick={(t) => onPick(t + bounds.stepMs - 1)}
          marker={at}
        />
      )}
      {bounds && (
        <p className="chart-hint" data-testid="chart-hint">
          Click the chart to see who held the connections, and why, at that moment.
        </p>
      )}
    </ChartFrame>
  );
}
