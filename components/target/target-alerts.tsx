'use client';

import Link from 'next/link';
import { AcknowledgeButton } from '@/components/alerts/acknowledge-button';
import { AlertSince } from '@/components/alerts/alert-since';
import type { AlertView } from '@/lib/alerts/views';

/** This target's pending and firing alerts, right under its name. */
export function TargetAlerts({ alerts }: { alerts: AlertView[] }) {
  if (alerts.length === 0) return null;
  return (
    <ul className="target-alerts" data-testid="target-alerts">
      {alerts.map((alert) => (
        <li key={alert.id} data-testid="target-alert" data-state={alert.state} data-severity={alert.severity} data-metric={alert.metric}>
          <span className={`badge sev-alert-${alert.severity}`}>{alert.severity}</span> <span className={`badge alert-state-${alert.state}`}>{alert.state}</span>{' '}
          {alert.summary} <AlertSince since={alert.since} />{' '}
          {alert.incidentId && <Link href={`/incidents/${encodeURIComponent(alert.incidentId)}`}>incident</Link>} <AcknowledgeButton alert={alert} />
        </li>
      ))}
    </ul>
  );
}
