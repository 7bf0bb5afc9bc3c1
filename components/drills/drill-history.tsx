'use client';

import { DataTable, type Column } from '@/components/ui/data-table';
import { formatDateTime, formatNumber } from '@/lib/browser/format';
import type { DrillReportView } from '@/lib/drills/schema';
import { formatDuration } from '@/lib/format/duration';
import { DrillCurveChart } from './drill-curve-chart';

/** "after 7.2 s": when the server first refused, counted from the drill's start — the figure to compare between runs. */
export function refusalAfter(report: DrillReportView): string {
  if (!report.firstRefusalAt) return 'none';
  return `after ${formatDuration((Date.parse(report.firstRefusalAt) - Date.parse(report.startedAt)) / 1000)}`;
}

const COLUMNS: Column[] = [
  { label: 'Started' },
  { label: 'By' },
  { label: 'Duration', num: true },
  { label: 'Instances × pool', num: true },
  { label: 'Peak connections', num: true },
  { label: 'First refusal' },
  { label: 'Status' },
  { label: 'p95 latency' },
];

export function DrillHistory({ drills }: { drills: DrillReportView[] }) {
  if (drills.length === 0) return <p className="muted">No drills yet.</p>;
  return (
    <DataTable columns={COLUMNS} className="holders compact" testId="drill-history">
      {drills.map((drill) => (
        <tr key={drill.id} data-testid="drill-row" data-status={drill.status}>
          <td>{formatDateTime(Date.parse(drill.startedAt))}</td>
          <td>{drill.startedBy}</td>
          <td className="num">{formatDuration(drill.params.durationSeconds)}</td>
          <td className="num">
            {drill.params.instances} × {drill.params.poolMax}
          </td>
          <td className="num">{formatNumber(drill.peakConnections)}</td>
          <td>{refusalAfter(drill)}</td>
          <td title={drill.error ?? undefined}>
            {drill.status}
            {drill.error && drill.status !== 'cancelled' ? `: ${drill.error}` : ''}
          </td>
          <td style={{ minWidth: 120 }}>{drill.latencyCurve.length > 1 && <DrillCurveChart report={drill} compact />}</td>
        </tr>
      ))}
    </DataTable>
  );
}
