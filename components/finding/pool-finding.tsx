'use client';

import Link from 'next/link';
import { Instant } from '@/components/ui/instant';
import { applicationHref } from '@/lib/browser/applications';
import { budgetLine, climbSentence, formatPoolMax, holdingApplications, type HoldingApplication } from '@/lib/browser/alerts';
import { formatNumber } from '@/lib/browser/format';
import { useNow } from '@/lib/browser/hooks/use-now';
import { usageLevel } from '@/lib/browser/status';
import type { PoolEvidence } from '@/lib/incidents/types';
import { PoolerBudgetView } from '@/components/target/pooler-budget';

/**
 * The answer to "did we check the connection pool?", in the order it is asked at 3 a.m.: how full,
 * who holds the connections (application, then its instances and their pool limits), why that
 * was always going to happen (the budget arithmetic), and since when. One component for the
 * target page's panel, the incident's top and the evidence saved with the tick, so all three read
 * the same.
 */
export function PoolFinding({ evidence }: { evidence: PoolEvidence }) {
  const now = useNow(1000);
  const level = usageLevel(evidence.usagePercent);
  const holders = holdingApplications(evidence).slice(0, 5);
  const climb = climbSentence(evidence.climbStartedAt, now);
  const budget = evidence.budget;
  return (
    <div className="finding" data-target-id={evidence.targetId}>
      <p className="finding-head">
        <strong>{evidence.targetName}</strong>{' '}
        <span className={`usage-${level} evidence-usage`} data-testid="evidence-usage">
          {evidence.usagePercent === null ? '–' : `${formatNumber(evidence.usagePercent)}%`}
        </span>{' '}
        <span className="muted">
          {budget?.limitLabel === 'max_client_conn'
            ? `${formatNumber(evidence.total)} of ${formatNumber(evidence.maxConnections)} client slots of PgBouncer (max_client_conn) at `
            : `${formatNumber(evidence.total)} of ${formatNumber(evidence.usableConnections)} usable connections (max_connections ${formatNumber(evidence.maxConnections)}) at `}
          <Instant at={evidence.at} />
        </span>
      </p>
      {evidence.error && <p className="banner banner-critical">{evidence.error}</p>}
      {climb && (
        <p className="finding-climb" data-testid="finding-climb">
          Connections: {climb}.
        </p>
      )}

      <h4>Who holds the connections</h4>
      {holders.length === 0 ? (
        <p className="muted">No client connections and no pool reports.</p>
      ) : (
        <ul className="finding-apps">
          {holders.map((app) => (
            <HolderBlock key={app.application} app={app} />
          ))}
        </ul>
      )}

      <h4>Connection budget</h4>
      {!budget || budget.applications.length === 0 ? (
        <p className="muted">No application reports its pool for this target: the budget cannot be worked out.</p>
      ) : (
        <div data-testid="finding-budget" data-over-committed={String(budget.overCommitted)}>
          <ul className="budget-lines">
            {budget.applications.map((app) => (
              <li key={app.application} className="mono" data-testid="budget-line" data-application={app.application}>
                {budgetLine(app)}
              </li>
            ))}
          </ul>
          <p className={budget.overCommitted ? 'banner banner-critical' : 'muted'}>{budget.explanation}</p>
        </div>
      )}
      {(budget?.poolers ?? []).map((pooler) => (
        <div key={pooler.targetId}>
          <h4>PgBouncer budget: {pooler.targetName}</h4>
          <PoolerBudgetView budget={pooler} />
        </div>
      ))}
    </div>
  );
}

function HolderBlock({ app }: { app: HoldingApplication }) {
  return (
    <li data-testid="finding-application" data-application={app.application}>
      <strong>{app.application ? <Link href={applicationHref(app.application)}>{app.application}</Link> : <span className="muted">(no application_name)</span>}</strong>{' '}
      <span className="muted">
        {formatNumber(app.observed)} {app.observed === 1 ? 'connection' : 'connections'} seen by the server
        {app.instances.length > 0 && `, ${app.instances.length} reporting ${app.instances.length === 1 ? 'instance' : 'instances'}`}
      </span>
      {app.instances.length > 0 && (
        <table className="holders compact">
          <thead>
            <tr>
              <th scope="col">Instance</th>
              <th scope="col" className="num">Pool max</th>
              <th scope="col" className="num">Open</th>
              <th scope="col" className="num">Idle</th>
              <th scope="col" className="num">Waiting</th>
            </tr>
          </thead>
          <tbody>
            {app.instances.slice(0, 12).map((i) => (
              <tr key={i.instance} data-testid="finding-instance" data-instance={i.instance}>
                <td className="mono">{i.instance}</td>
                <td className="num">{formatPoolMax(i.poolMax)}</td>
                <td className={i.total >= i.poolMax ? 'num warn-text' : 'num'}>{formatNumber(i.total)}</td>
                <td className="num">{formatNumber(i.idle)}</td>
                <td className={i.waiting > 0 ? 'num warn-text' : 'num'}>{formatNumber(i.waiting)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {app.instances.length > 12 && <p className="muted">and {app.instances.length - 12} more instances</p>}
    </li>
  );
}
