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
  return <MetricsChart targetId={targetId} range={range} title="Latency (ms)" metrics={LATENCY_METRICS} series={LATENCY_SERIES} testId="latency-chart" label="probe latency in milliseconds" unit="ms" />;
}

const ERROR_METRICS: MetricName[] = ['rollbacksPerSec', 'deadlocksPerSec', 'errors'];
/* Rates per second on the left; refused or failed probes are a count per bucket, so on their own axis. */
const ERROR_SERIES: ChartSeries[] = [
  { key: 'errors', label: 'refused / failed probes (per bucket, right axis)', color: 'errors', kind: 'bar', axis: 'right' },
  { key: 'rollbacksPerSec', label: 'rollbacks/s', color: 'rollbacks', kind: 'line' },
  { key: 'deadlocksPerSec', label: 'deadlocks/s', color: 'deadlocks', kind: 'line' },
];

export function ErrorsChart({ targetId, range }: { targetId: string; range: TimeRange }) {
  return (
    <MetricsChart
      targetId={targetId}
      range={range}
      title="Errors"
      metrics={ERROR_METRICS}
      series={ERROR_SERIES}
      testId="errors-chart"
      label="rollbacks and deadlocks per second, refused connections per bucket"
      unit="/s"
    />
  );
}

type MetricsChartProps = { targetId: string; range: TimeRange; title: string; metrics: MetricName[]; series: ChartSeries[]; testId: string; label: string; unit: string };

/** One panel of a target's metrics over the range: fetched, merged into rows, drawn once there are points. */
function MetricsChart({ targetId, range, title, metrics, series: lines, testId, label, unit }: MetricsChartProps) {
  const { series, isPending, error } = useSeries(targetId, metrics, range);
  const bounds = seriesBounds(series);
  return (
    <ChartFrame title={title} isPending={isPending} error={error}>
      {bounds && <TimeChart testId={testId} label={label} rows={mergeSeries(series, openEndFor(bounds.stepMs))} from={bounds.from} to={bounds.to} unit={unit} series={lines} />}
    </ChartFrame>
  );
}
