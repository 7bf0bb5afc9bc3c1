'use client';

import Link from 'next/link';
import { Fragment, useState } from 'react';
import { DataTable, type Column } from '@/components/ui/data-table';
import { Instant } from '@/components/ui/instant';
import { formatAlertValue, formatThreshold } from '@/lib/browser/alerts';
import type { AlertListItem } from '@/lib/alerts/alerts';
import { applicationHref } from '@/lib/browser/applications';
import { AcknowledgeButton } from './acknowledge-button';
import { AlertActivityCell } from './alert-activity';
import { AlertSince } from './alert-since';
import { SilenceForm } from './silence-form';
import { useMayAct } from '@/lib/browser/hooks/use-session';

const COLUMNS: Column[] = [
  { label: 'State' },
  { label: 'Severity' },
  { label: 'Rule' },
  { label: 'Target / application' },
  { label: 'Value', num: true },
  { label: 'Threshold' },
  { label: 'Since' },
  { label: 'Last 24 h', title: 'Episodes (fired → resolved) and notifications in the last 24 hours' },
  { label: 'Acknowledged' },
  { label: 'Links' },
];
const WITH_SILENCE: Column[] = [...COLUMNS, { label: 'Silence' }];

/**
 * Alerts as rows: enough to act on each without opening anything (acknowledge, silence, chart),
 * and how noisy each rule has been on its target over the last 24 h, so it can be tuned.
 */
export function AlertsTable({ alerts, actions }: { alerts: AlertListItem[]; actions: boolean }) {
  const [silencing, setSilencing] = useState<string | null>(null);
  // Silencing is for responders: a viewer sees the column without the button the API would refuse.
  const maySilence = useMayAct('responder');
  const columns = actions ? WITH_SILENCE : COLUMNS;
  return (
    <DataTable columns={columns} className="alerts-table" testId="alerts-table">
      {alerts.map((alert) => (
        <Fragment key={alert.id}>
          <tr data-testid="alert-row" data-state={alert.state} data-severity={alert.severity} data-metric={alert.metric} className={`alert-row state-${alert.state}`}>
            <td>
              <span className={`badge alert-state-${alert.state}`}>{alert.state}</span>
            </td>
            <td>
              <span className={`badge sev-alert-${alert.severity}`}>{alert.severity}</span>
            </td>
            <td title={alert.summary}>{alert.rule}</td>
            <td>
              <Link href={`/targets/${encodeURIComponent(alert.targetId)}`}>{alert.targetName}</Link>
              {alert.application && (
                <>
                  {' / '}
                  <Link href={applicationHref(alert.application)} data-testid="alert-application-link">
                    {alert.application}
                  </Link>
                </>
              )}
            </td>
            <td className="num">{formatAlertValue(alert.metric, alert.value)}</td>
            <td className="muted">{formatThreshold(alert)}</td>
            <td>
              {alert.state === 'resolved' && alert.resolvedAt ? (
                <span className="muted">
                  <Instant at={alert.since} /> – <Instant at={alert.resolvedAt} />
                </span>
              ) : (
                <AlertSince since={alert.since} />
              )}
            </td>
            <td>
              <AlertActivityCell activity={alert.last24h} />
            </td>
            <td>
              <AcknowledgeButton alert={alert} />
            </td>
            <td>
              <span className="alert-links">
                <Link href={alert.chartUrl} data-testid="chart-link">
                  chart at that moment
                </Link>
                {alert.incidentId && (
                  <Link href={`/incidents/${encodeURIComponent(alert.incidentId)}`} data-testid="incident-link">
                    incident
                  </Link>
                )}
              </span>
            </td>
            {actions && (
              <td>
                {alert.silenced && alert.silencedUntil ? (
                  <span className="muted" data-testid="silenced-until">
                    until <Instant at={alert.silencedUntil} />
                  </span>
                ) : (
                  maySilence && (
                    <button type="button" className="small" onClick={() => setSilencing(silencing === alert.id ? null : alert.id)} aria-expanded={silencing === alert.id}>
                      Silence…
                    </button>
                  )
                )}
              </td>
            )}
          </tr>
          {silencing === alert.id && (
            <tr className="silence-row">
              <td colSpan={columns.length}>
                <span className="muted">Silence “{alert.rule}” on {alert.targetName}: </span>
                <SilenceForm ruleId={alert.ruleId} targetId={alert.targetId} onDone={() => setSilencing(null)} />
              </td>
            </tr>
          )}
        </Fragment>
      ))}
    </DataTable>
  );
}
