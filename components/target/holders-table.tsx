'use client';

import Link from 'next/link';
import type { CSSProperties } from 'react';
import { applicationHref } from '@/lib/browser/applications';
import { formatNumber } from '@/lib/browser/format';
import type { Snapshot } from '@/lib/samples/types';

/**
 * Who holds the connections, from the latest sample (so it updates with every pushed sample).
 * Share is of the usable connections: the figure that says which app is eating the budget.
 */
export function HoldersTable({ snapshot }: { snapshot: Snapshot | null }) {
  const holders = [...(snapshot?.applications ?? [])].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const usable = snapshot?.usableConnections ?? null;
  // A PgBouncer's clients (SHOW CLIENTS) may be queued for a server connection; a server's backends are not.
  const pooler = holders.some((h) => h.waiting !== undefined);
  return (
    <section className="panel panel-wide">
      <h2>Who holds the connections</h2>
      {holders.length === 0 ? (
        <p className="muted" data-testid="holders-empty">
          {snapshot?.total == null ? 'No current figures.' : 'No client connections.'}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="holders" data-testid="holders-table">
            <thead>
              <tr>
                <th scope="col">Application</th>
                <th scope="col">Client address</th>
                <th scope="col" className="num">Total</th>
                <th scope="col" className="num">Active</th>
                <th scope="col" className="num">Idle</th>
                {pooler ? <th scope="col" className="num">Waiting</th> : <th scope="col" className="num">Idle in tx</th>}
                <th scope="col" className="num">Share of usable</th>
              </tr>
            </thead>
            <tbody>
              {holders.map((h) => {
                const share = usable ? (100 * h.total) / usable : null;
                return (
                  <tr key={`${h.name}\u0000${h.clientAddr ?? ''}`} data-testid="holder-row" data-application={h.name} data-total={h.total}>
                    <td>{h.name === '' ? <span className="muted">(no application_name)</span> : <Link href={applicationHref(h.name)}>{h.name}</Link>}</td>
                    <td className="mono">{h.clientAddr ?? <span className="muted">local socket</span>}</td>
                    <td className="num">{formatNumber(h.total)}</td>
                    <td className="num">{formatNumber(h.active)}</td>
                    <td className="num">{formatNumber(h.idle)}</td>
                    {pooler ? (
                      <td className={(h.waiting ?? 0) > 0 ? 'num warn-text' : 'num'}>{formatNumber(h.waiting ?? 0)}</td>
                    ) : (
                      <td className={h.idleInTransaction > 0 ? 'num warn-text' : 'num'}>{formatNumber(h.idleInTransaction)}</td>
                    )}
                    <td className="num share" style={{ '--share': `${Math.min(100, share ?? 0)}%` } as CSSProperties}>
                      {share === null ? '–' : `${formatNumber(share, 1)}%`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
