'use client';

import { DataTable, type Column } from '@/components/ui/data-table';
import { Instant } from '@/components/ui/instant';
import type { ApplicationSummary } from '@/lib/applications/types';
import { formatNumber } from '@/lib/browser/format';
import { poolUse } from '@/lib/browser/applications';

const COLUMNS: Column[] = [
  { label: 'Instance' },
  { label: 'Target' },
  { label: 'Latest report' },
  { label: 'Pool (open / max)', num: true },
  { label: 'Waiting', num: true },
  { label: 'Queries', num: true },
  { label: 'Error rate', num: true },
  { label: 'Refused', num: true },
  { label: 'p50 / p95 / p99 (ms)', num: true },
];

/**
 * The per-instance breakdown behind an application's summed and worst figures: each instance's
 * latest report, so the one instance whose pool is full or whose p95 climbs stands out.
 */
export function InstancesTable({ app }: { app: ApplicationSummary }) {
  return (
    <DataTable columns={COLUMNS} className="holders compact" testId="instances-table">
      {app.instances.map((i) => {
        const latest = i.latest;
        return (
          <tr key={i.instance} data-testid="instance-row" data-instance={i.instance} className={i.current ? undefined : 'muted'}>
            <td className="mono">{i.instance}</td>
            <td>{i.target ?? <span className="muted">not named</span>}</td>
            <td>
              <Instant at={i.lastReportAt} />
              {!i.current && <span className="muted"> (stopped reporting)</span>}
            </td>
            <td className={latest && latest.total >= latest.poolMax ? 'num warn-text' : 'num'}>{poolUse(i)}</td>
            <td className={latest && latest.waiting > 0 ? 'num warn-text' : 'num'}>{formatNumber(latest?.waiting)}</td>
            <td className="num">{formatNumber(latest?.queries)}</td>
            <td className={latest?.errorRate ? 'num warn-text' : 'num'}>{latest?.errorRate == null ? '–' : `${formatNumber(latest.errorRate, 2)}%`}</td>
            <td className={latest?.refusals ? 'num warn-text' : 'num'}>{formatNumber(latest?.refusals)}</td>
            <td className="num">
              {formatNumber(latest?.p50Ms, 1)} / {formatNumber(latest?.p95Ms, 1)} / {formatNumber(latest?.p99Ms, 1)}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
