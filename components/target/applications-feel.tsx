'use client';

import Link from 'next/link';
import { APPLICATION_COLORS, type ChartSeries } from '@/components/charts/chart-series';
import { TimeChart } from '@/components/charts/lazy-time-chart';
import type { ApplicationMetric } from '@/lib/applications/metrics';
import { applicationHref } from '@/lib/browser/applications';
import { useApplications, useApplicationsMetric } from '@/lib/browser/hooks/use-applications';
import { useSeries } from '@/lib/browser/hooks/use-series';
import { mergeSeries } from '@/lib/browser/series';
import type { TimeRange } from '@/lib/browser/time-range';
import { openEndFor, seriesBounds } from './chart-frame';

/**
 * What the applications using this target feel, right under its connections and on the same
 * time axis (the connections chart's own span, same width, same left axis): the climb of
 * connections and the climb of latency read together. One line per application: its worst
 * instance's p95, and the share of its queries that failed. Their buckets are coarser than the
 * connections' (reports come every few seconds), not their axis.
 */
export function ApplicationsFeel({ targetId, range }: { targetId: string; range: TimeRange }) {
  const applications = useApplications({ targetId, range });
  // The connections chart's query (same key): its span is this chart's axis.
  const axis = seriesBounds(useSeries(targetId, ['maxConnections'], range).series);
  const names = (applications.data ?? []).map((app) => app.name);
  return (
    <section className="panel panel-wide" data-testid="applications-feel">
      <h2>What the applications feel</h2>
      {applications.error && <p className="banner banner-warning">Application reports unavailable: {applications.error.message}</p>}
      {applications.data && names.length === 0 && (
        <p className="muted">No application reports its pool for this target in this range (see the pool reports in docs/operations.md).</p>
      )}
      {names.length > 0 && (
        <>
          <p className="chart-legend" data-testid="applications-feel-links">
            {names.map((name) => (
              <Link key={name} href={applicationHref(name, range)} data-testid="application-link">
                {name}
              </Link>
            ))}
          </p>
          <ApplicationsChart axis={axis} names={names} range={range} metric="p95Ms" unit="ms" height={180} testId="applications-p95-chart" label="p95 query latency in milliseconds, per application" />
          <ApplicationsChart axis={axis} names={names} range={range} metric="errorRate" unit="%" height={140} testId="applications-error-chart" label="share of queries failed in percent, per application" />
        </>
      )}
    </section>
  );
}

function ApplicationsChart(props: {
  axis: { from: number; to: number } | null;
  names: string[];
  range: TimeRange;
  metric: ApplicationMetric;
  unit: string;
  height: number;
  testId: string;
  label: string;
}) {
  const { series, error } = useApplicationsMetric(props.names, props.metric, props.range);
  const bounds = seriesBounds(series);
  const lines: ChartSeries[] = props.names.map((name, i) => ({
    key: name,
    label: `${name} ${props.metric === 'p95Ms' ? 'p95 (ms)' : 'error rate (%)'}`,
    color: APPLICATION_COLORS[i % APPLICATION_COLORS.length] ?? 'latency',
    kind: 'line',
  }));
  if (error) return <p className="banner banner-warning">Chart data unavailable: {error.message}</p>;
  if (!bounds) return <div className="chart-placeholder">Loading…</div>;
  return (
    <TimeChart
      testId={props.testId}
      label={props.label}
      rows={mergeSeries(series, openEndFor(bounds.stepMs))}
      from={props.axis?.from ?? bounds.from}
      to={props.axis?.to ?? bounds.to}
      height={props.height}
      unit={props.unit}
      series={lines}
    />
  );
}
