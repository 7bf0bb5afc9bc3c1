'use client';

import Link from 'next/link';
import { useAlerts } from '@/lib/browser/hooks/use-alerts';
import { AlertsTable } from './alerts-table';
import { SilenceList } from './silence-list';

export type AlertsTab = 'active' | 'history';

/** Active alerts to act on, or the recent history (every state) to see what happened. */
export function AlertsView({ tab }: { tab: AlertsTab }) {
  const alerts = useAlerts(tab === 'active' ? 'active' : 'all');
  return (
    <>
      <nav aria-label="Alert lists" className="tabs">
        <Link href="/alerts" className={tab === 'active' ? 'tab current' : 'tab'} aria-current={tab === 'active' ? 'page' : undefined}>
          Active
        </Link>
        <Link href="/alerts?tab=history" className={tab === 'history' ? 'tab current' : 'tab'} aria-current={tab === 'history' ? 'page' : undefined}>
          Recent history
        </Link>
      </nav>
      <section className="panel panel-wide">
        {alerts.isPending && <p className="muted">Loading alerts…</p>}
        {alerts.error && <p className="banner banner-critical">Cannot load alerts: {alerts.error.message}</p>}
        {alerts.data?.length === 0 && (
          <p className="muted" data-testid="alerts-empty">
            {tab === 'active' ? 'No alert is pending or firing.' : 'No alerts yet.'}
          </p>
        )}
        {alerts.data && alerts.data.length > 0 && <AlertsTable alerts={alerts.data} actions={tab === 'active'} />}
      </section>
      {tab === 'active' && <SilenceList />}
    </>
  );
}
