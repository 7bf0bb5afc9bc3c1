'use client';

import Link from 'next/link';
import { useNow } from '@/lib/client/hooks/use-now';
import { useSnapshot } from '@/lib/client/hooks/use-snapshots';
import { useTarget } from '@/lib/client/hooks/use-targets';
import type { TimeRange } from '@/lib/client/time-range';
import { ErrorsChart, LatencyChart } from './activity-charts';
import { ConnectionsChart } from './connections-chart';
import { HoldersTable } from './holders-table';
import { TargetHeader } from './target-header';
import { TimeRangePicker } from './time-range-picker';

/** Everything about one target, for the person deciding what to kill at 3 a.m. */
export function TargetDashboard({ id, range, rangeError }: { id: string; range: TimeRange; rangeError: string | null }) {
  const target = useTarget(id);
  const snapshot = useSnapshot(id);
  const now = useNow(1000);

  if (target.isPending) return <p className="muted">Loading…</p>;
  if (target.error) {
    return (
      <div className="empty">
        <p className="banner banner-critical">{target.error.message}</p>
        <Link href="/">Back to the overview</Link>
      </div>
    );
  }
  const latest = snapshot.data ?? null;
  return (
    <>
      <TargetHeader target={target.data} snapshot={latest} now={now} />
      {snapshot.error && <p className="banner banner-warning">Latest sample unavailable: {snapshot.error.message}</p>}
      <TimeRangePicker targetId={id} range={range} error={rangeError} />
      <ConnectionsChart targetId={id} range={range} snapshot={latest} />
      <div className="chart-pair">
        <LatencyChart targetId={id} range={range} />
        <ErrorsChart targetId={id} range={range} />
      </div>
      <HoldersTable snapshot={latest} />
    </>
  );
}
