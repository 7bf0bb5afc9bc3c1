'use client';

import { TimeChart } from '@/components/charts/lazy-time-chart';
import type { ChartSeries } from '@/components/charts/chart-series';
import type { ChartRow } from '@/lib/browser/series';
import type { DrillReportView } from '@/lib/drills/schema';

const FULL: ChartSeries[] = [
  { key: 'connections', label: 'Drill connections', color: 'total', kind: 'line' },
  { key: 'errorsPerSec', label: 'Errors/s', color: 'errors', kind: 'bar' },
  { key: 'p95Ms', label: 'p95 latency', color: 'latency', kind: 'line', axis: 'right' },
];
const COMPACT: ChartSeries[] = [{ key: 'p95Ms', label: 'p95 latency', color: 'latency', kind: 'line' }];

/** A drill's curve: full on the live view, a p95 sparkline in the history table. */
export function DrillCurveChart({ report, compact = false }: { report: DrillReportView; compact?: boolean }) {
  const rows: ChartRow[] = report.latencyCurve.map((point) => ({ t: point.at, connections: point.connections, errorsPerSec: point.errorsPerSec, p95Ms: point.p95Ms }));
  const from = Date.parse(report.startedAt);
  // A running drill is drawn against its whole planned duration, so the curve fills in from the left.
  const to = report.finishedAt ? Date.parse(report.finishedAt) : from + report.params.durationSeconds * 1000;
  return (
    <TimeChart
      rows={rows}
      series={compact ? COMPACT : FULL}
      from={from}
      to={Math.max(to, from + 1000)}
      compact={compact}
      height={compact ? 32 : 220}
      rightUnit="ms"
      label={`Drill latency curve started ${report.startedAt}`}
      testId={compact ? 'drill-sparkline' : 'drill-curve'}
    />
  );
}
