'use client';

import { TimeChart } from '@/components/charts/lazy-time-chart';
import type { ChartSeries } from '@/components/charts/chart-series';
import { useSeries } from '@/lib/browser/hooks/use-series';
import { mergeSeries } from '@/lib/browser/series';
import type { TimeRange } from '@/lib/browser/time-range';
import type { MetricName } from '@/lib/samples/series-metrics';
import { ChartFrame, openEndFor, seriesBounds } from './chart-frame';

const LATENCY_METRICS: MetricName[] = ['probeLatencyMs', 'connectLatencyMs'];
const LATENCY_SERIES: ChartSeries[] = [
  { key: 'probeLatencyMs', label: 'probe query', color: 'latency', kind: 'line' },
  { key: 'connectLatencyMs', label: 'new connection', color: 'connect', kind: 'line' },
];

export function LatencyChart({ targetId, range }: { targetId: string; range: TimeRange }) {
  const { series, isPending, error } = useSeries(targetId, LATENCY_METRICS, range);
  const bounds = seriesBounds(series);
  return (
    <ChartFrame title="Latency (ms)" isPending={isPending} error={error}>
      {bounds && (
        <TimeChart
          testId="latency-chart"
          label="probe latency in milliseconds"
          rows={mergeSeries(series, openEndFor(bounds.stepMs))}
          from={bounds.from}
          to={bounds.to}
          unit="ms"
          series={LATENCY_SERIES}
        />
      )}
    </ChartFrame>
  );
}

const ERROR_METRICS: MetricName[] = ['rollbacksPerSec', 'deadlocksPerSec', 'errors'];
/* Rates per second on the left; refused or failed probes are a count per bucket, so on their own axis. */
const ERROR_SERIES: ChartSeries[] = [
  { key: 'errors', label: 'refused / failed probes (per bucket, right axis)', color: 'errors', kind: 'bar', axis: 'right' },
  { key: 'rollbacksPerSec', label: 'rollbacks/s', color: 'rollbacks', kind: 'line' },
  { key: 'deadlocksPerSec', label: 'deadlocks/s', color: 'deadlocks', kind: 'line' },
];

export function ErrorsChart({ targetId, range }: { targetId: string; range: TimeRange }) {
  const { series, isPending, error } = useSeries(targetId, ERROR_METRICS, range);
  const bounds = seriesBounds(series);
  return (
    <ChartFrame title="Errors" isPending={isPending} error={error}>
      {bounds && (
        <TimeChart
          testId="errors-chart"
          label="rollbacks and deadlocks per second, refused connections per bucket"
          rows={mergeSeries(series, openEndFor(bounds.stepMs))}
          from={bounds.from}
          to={bounds.to}
          unit="/s"
          series={ERROR_SERIES}
        />
      )}
    </ChartFrame>
  );
}
