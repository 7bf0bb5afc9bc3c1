'use client';

import Link from 'next/link';
import { DrillsPanel } from '@/components/drills/drills-panel';
import { StopItPanel } from '@/components/remediation/stop-it-panel';
import { hasFinding } from '@/lib/browser/alerts';
import { useAlerts } from '@/lib/browser/hooks/use-alerts';
import { useNow } from '@/lib/browser/hooks/use-now';
import { useSnapshot } from '@/lib/browser/hooks/use-snapshots';
import { useTarget } from '@/lib/browser/hooks/use-targets';
import { targetHealth, USAGE_CRITICAL, usagePercent } from '@/lib/browser/status';
import type { TimeRange } from '@/lib/browser/time-range';
import { ErrorsChart, LatencyChart } from './activity-charts';
import { ApplicationPanels } from './application-panels';
import { ApplicationsFeel } from './applications-feel';
import { BudgetPanel } from './budget-panel';
import { ConnectionsChart } from './connections-chart';
import { FindingPanel } from './finding-panel';
import { HoldersTable } from './holders-table';
import { PoolerPanel } from './pooler-panel';
import { TargetAlerts } from './target-alerts';
import { TargetHeader } from './target-header';
import { TimeRangePicker } from './time-range-picker';

/** Everything about one target, for the person deciding what to kill at 3 a.m. */
export function TargetDashboard({ id, range, rangeError }: { id: string; range: TimeRange; rangeError: string | null }) {
  const target = useTarget(id);
  const snapshot = useSnapshot(id);
  const now = useNow(1000);
  const alerts = useAlerts('active', id);

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
  const active = alerts.data ?? [];
  const percent = usagePercent(latest);
  const inTrouble =
    (percent !== null && percent >= USAGE_CRITICAL) ||
    (now > 0 && targetHealth(latest, target.data.intervalMs, now) === 'refusing') ||
    active.some((a) => a.state === 'firing' && hasFinding(a));
  return (
    <>
      <TargetHeader target={target.data} snapshot={latest} now={now} />
      <TargetAlerts alerts={active} />
      <FindingPanel targetId={id} inTrouble={inTrouble} />
      <StopItPanel targetId={id} allowToggle />
      {snapshot.error && <p className="banner banner-warning">Latest sample unavailable: {snapshot.error.message}</p>}
      <TimeRangePicker basePath={`/targets/${id}`} range={range} error={rangeError} />
      <ConnectionsChart targetId={id} range={range} snapshot={latest} />
      <ApplicationsFeel targetId={id} range={range} />
      {target.data.kind === 'pgbouncer' && <PoolerPanel targetId={id} backendTargetId={target.data.backendTargetId} range={range} />}
      <div className="chart-pair">
        <LatencyChart targetId={id} range={range} />
        <ErrorsChart targetId={id} range={range} />
      </div>
      <HoldersTable snapshot={latest} />
      <BudgetPanel targetId={id} />
      <ApplicationPanels targetId={id} range={range} />
      <DrillsPanel targetId={id} />
    </>
  );
}
