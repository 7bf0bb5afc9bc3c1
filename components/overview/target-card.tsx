'use client';

import Link from 'next/link';
import type { AlertSeverity } from '@/lib/alerts/schema';
import { formatNumber } from '@/lib/browser/format';
import { useSeries } from '@/lib/browser/hooks/use-series';
import { fillGaps } from '@/lib/browser/series';
import { HEALTH_LABEL, targetHealth, usageLevel, usagePercent } from '@/lib/browser/status';
import type { TimeRange } from '@/lib/browser/time-range';
import { formatDuration } from '@/lib/format/duration';
import type { Snapshot } from '@/lib/samples/types';
import type { TargetView } from '@/lib/targets/targets';
import { Sparkline } from './sparkline';

const SPARK_RANGE: TimeRange = { kind: 'relative', range: '15m' };
const SPARK_POINTS = 300;

type Firing = { count: number; severity: AlertSeverity };

export function TargetCard({ target, snapshot, now, firing = null }: { target: TargetView; snapshot: Snapshot | null; now: number; firing?: Firing | null }) {
  const health = now === 0 && snapshot ? 'ok' : targetHealth(snapshot, target.intervalMs, now);
  const percent = usagePercent(snapshot);
  const level = usageLevel(percent);
  const age = snapshot && now > 0 ? now - Date.parse(snapshot.at) : null;
  return (
    <article className={`card health-${health}`} data-testid="target-card" data-target-id={target.id} data-health={health}>
      <header className="card-head">
        <Link href={`/targets/${target.id}`} className="card-title">
          {target.name}
        </Link>
        <span className={`badge badge-${health}`} data-testid="target-health">
          {HEALTH_LABEL[health]}
        </span>
      </header>
      <div className="card-figures">
        <span className={`usage usage-${level}`} data-testid="usage-percent" data-level={level}>
          {percent === null ? '–' : `${formatNumber(percent)}%`}
        </span>
        <span className="muted">
          {formatNumber(snapshot?.total)} / {formatNumber(snapshot?.usableConnections)} usable
        </span>
        {firing && (
          <Link href="/alerts" className={`badge sev-alert-${firing.severity} firing-badge`} data-testid="firing-badge" data-severity={firing.severity} title="Firing alerts">
            {firing.count} firing
          </Link>
        )}
      </div>
      <CardSparkline targetId={target.id} usable={snapshot?.usableConnections ?? null} />
      <p className="card-foot muted" title={snapshot?.error ?? undefined}>
        {health === 'stale' && age !== null ? `Last sample ${formatDuration(age / 1000)} ago` : snapshot?.error ?? '\u00a0'}
      </p>
    </article>
  );
}

function CardSparkline({ targetId, usable }: { targetId: string; usable: number | null }) {
  const { series } = useSeries(targetId, ['total'], SPARK_RANGE, SPARK_POINTS);
  const total = series.total;
  if (!total) return <div className="sparkline-placeholder" />;
  const points = fillGaps(total.points, total.from, total.to, total.stepMs, 2 * total.stepMs + 2000);
  return <Sparkline points={points} from={total.from} to={total.to} usable={usable} label="connections, last 15 minutes" />;
}
