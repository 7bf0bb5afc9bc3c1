'use client';

import Link from 'next/link';
import { firingByTarget } from '@/lib/browser/alerts';
import { useAlerts } from '@/lib/browser/hooks/use-alerts';
import { useNow } from '@/lib/browser/hooks/use-now';
import { useSnapshots } from '@/lib/browser/hooks/use-snapshots';
import { useTargets } from '@/lib/browser/hooks/use-targets';
import { TargetCard } from './target-card';

/** All targets at a glance; the card of a target in trouble says so in words and colour. */
export function TargetOverview() {
  const targets = useTargets();
  const snapshots = useSnapshots();
  const now = useNow(1000);
  const alerts = useAlerts('firing');

  if (targets.isPending) return <p className="muted">Loading targets…</p>;
  if (targets.error) return <p className="banner banner-critical">Cannot load targets: {targets.error.message}</p>;
  if (targets.data.length === 0) {
    return (
      <div className="empty" data-testid="overview-empty">
        <p>No databases are being watched yet.</p>
        <Link href="/targets" className="button">
          Add a target
        </Link>
      </div>
    );
  }
  const byTarget = new Map((snapshots.data ?? []).map((s) => [s.targetId, s]));
  const firing = firingByTarget(alerts.data ?? []);
  return (
    <>
      {snapshots.error && <p className="banner banner-warning">Latest figures unavailable: {snapshots.error.message}</p>}
      <ul className="card-grid">
        {targets.data.map((target) => (
          <li key={target.id}>
            <TargetCard target={target} snapshot={byTarget.get(target.id) ?? null} now={now} firing={firing.get(target.id) ?? null} />
          </li>
        ))}
      </ul>
    </>
  );
}
