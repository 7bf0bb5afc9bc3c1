'use client';

import Link from 'next/link';
import { bannerAlerts, findingHref, hasFinding } from '@/lib/browser/alerts';
import { useAlerts } from '@/lib/browser/hooks/use-alerts';
import { useOnSignInPage } from '@/lib/browser/hooks/use-on-sign-in-page';
import { AcknowledgeButton } from './acknowledge-button';
import { AlertSince } from './alert-since';

/** More than this and the banner would push the page off screen; the rest are one click away. */
const MAX_SHOWN = 5;

/**
 * Firing alerts on every page, under the header: what is wrong, where, since when, and for a
 * connection alert the way straight to the finding — the question that once took 70 minutes.
 * Not on the sign-in page, where there is usually no session to read them with.
 */
export function AlertBanner() {
  return useOnSignInPage() ? null : <FiringAlerts />;
}

function FiringAlerts() {
  const alerts = useAlerts('firing');
  const firing = bannerAlerts(alerts.data ?? []);
  if (firing.length === 0) return null;
  const critical = firing.some((a) => a.severity === 'critical');
  return (
    <section className={`alert-banner ${critical ? 'alert-banner-critical' : 'alert-banner-warning'}`} data-testid="alert-banner" role="alert" aria-label="Firing alerts">
      <ul>
        {firing.slice(0, MAX_SHOWN).map((alert) => (
          <li key={alert.id} className="alert-banner-item" data-testid="alert-banner-item" data-severity={alert.severity} data-metric={alert.metric} data-target-id={alert.targetId}>
            <span className={`badge sev-alert-${alert.severity}`}>{alert.severity}</span>
            <span className="alert-summary" title={alert.summary}>
              {alert.summary}
            </span>
            <Link href={`/targets/${encodeURIComponent(alert.targetId)}`}>{alert.targetName}</Link>
            <AlertSince since={alert.since} />
            {hasFinding(alert) && (
              <Link href={findingHref(alert)} className="finding-link" data-testid="finding-link">
                {alert.incidentId ? 'Pool finding (incident) →' : 'Pool finding →'}
              </Link>
            )}
            <AcknowledgeButton alert={alert} />
          </li>
        ))}
      </ul>
      {firing.length > MAX_SHOWN && (
        <Link href="/alerts" className="alert-banner-more">
          and {firing.length - MAX_SHOWN} more firing
        </Link>
      )}
    </section>
  );
}
