'use client';

import type { ChartSeries } from '@/components/charts/chart-series';
import { TimeChart } from '@/components/charts/lazy-time-chart';
import { ChartFrame, openEndFor, seriesBounds } from '@/components/target/chart-frame';
import type { ApplicationMetric } from '@/lib/applications/metrics';
import { useApplicationSeries } from '@/lib/browser/hooks/use-applications';
import { mergeSeries } from '@/lib/browser/series';
import type { TimeRange } from '@/lib/browser/time-range';

interface ChartSpec {
  title: string;
  label: string;
  testId: string;
  unit: string;
  rightUnit?: string;
  series: (ChartSeries & { key: ApplicationMetric })[];
}

/*
 * Latency is the worst instance's (users of that instance met it); the error rate is the share of
 * all the application's queries; pool figures add up over instances (lib/applications/metrics.ts).
 * Refusals are a count per bucket, so on their own axis, like the target's refused probes.
 */
const CHARTS: ChartSpec[] = [
  {
    title: 'Query latency (ms)',
    label: 'p50, p95 and p99 query latency in milliseconds, worst instance',
    testId: 'application-latency-chart',
    unit: 'ms',
    series: [
      { key: 'p50Ms', label: 'p50', color: 'p50', kind: 'line' },
      { key: 'p95Ms', label: 'p95', color: 'p95', kind: 'line' },
      { key: 'p99Ms', label: 'p99', color: 'p99', kind: 'line' },
    ],
  },
  {
    title: 'Errors',
    label: 'share of queries failed in percent, and queries refused a connection per bucket',
    testId: 'application-errors-chart',
    unit: '%',
    series: [
      { key: 'refusals', label: 'refused a connection (per bucket, right axis)', color: 'errors', kind: 'bar', axis: 'right' },
      { key: 'errorRate', label: 'error rate %', color: 'rollbacks', kind: 'line' },
    ],
  },
  {
    title: 'Pool',
    label: 'connections the pools hold against their maximum, and callers waiting, summed over instances',
    testId: 'application-pool-chart',
    unit: '',
    series: [
      { key: 'poolTotal', label: 'connections held', color: 'total', kind: 'area' },
      { key: 'poolMax', label: 'pool max', color: 'max', kind: 'line', dashed: true, step: true },
      { key: 'poolWaiting', label: 'callers waiting', color: 'waiting', kind: 'line' },
    ],
  },
];

/** An application's three charts over a range: what its users feel, and its pools. */
export function ApplicationCharts({ name, range, height = 220 }: { name: string; range: TimeRange; height?: number }) {
  return (
    <div className="chart-trio" data-testid="application-charts" data-application={name}>
      {CHARTS.map((spec) => (
        <ApplicationChart key={spec.testId} name={name} range={range} spec={spec} height={height} />
      ))}
    </div>
  );
}

function ApplicationChart({ name, range, spec, height }: { name: string; range: TimeRange; spec: ChartSpec; height: number }) {
  const { series, isPending, error } = useApplicationSeries(
    name,
    spec.series.map((s) => s.key),
    range,
  );
  const bounds = seriesBounds(series);
  return (
    <ChartFrame title={spec.title} isPending={isPending} error={error}>
      {bounds && (
        <TimeChart
          testId={spec.testId}
          label={`${name}: ${spec.label}`}
          rows={mergeSeries(series, openEndFor(bounds.stepMs))}
          from={bounds.from}
          to={bounds.to}
          height={height}
          unit={spec.unit}
          series={spec.series}
        />
      )}
    </ChartFrame>
  );
}
