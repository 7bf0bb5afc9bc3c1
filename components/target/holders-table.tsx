'use client';

import Link from 'next/link';
import type { CSSProperties } from 'react';
import { DataTable, type Column } from '@/components/ui/data-table';
import { applicationHref } from '@/lib/browser/applications';
import { formatNumber } from '@/lib/browser/format';
import type { Snapshot } from '@/lib/samples/types';

/** The columns every table of holders starts with. */
const HOLDER_COLUMNS: Column[] = [{ label: 'Application' }, { label: 'Client address' }, { label: 'Total', num: true }, { label: 'Active', num: true }, { label: 'Idle', num: true }];
const SERVER_COLUMNS: Column[] = [...HOLDER_COLUMNS, { label: 'Idle in tx', num: true }, { label: 'Share of usable', num: true }];
const POOLER_COLUMNS: Column[] = [...HOLDER_COLUMNS, { label: 'Waiting', num: true }, { label: 'Share of usable', num: true }];

/**
 * Who holds the connections, from the latest sample (so it updates with every pushed sample), or
 * from a past one while the page looks at a moment.
 * Share is of the usable connections: the figure that says which app is eating the budget.
 */
export function HoldersTable({ snapshot, title = 'Who holds the connections' }: { snapshot: Snapshot | null; title?: string }) {
  const holders = [...(snapshot?.applications ?? [])].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const usable = snapshot?.usableConnections ?? null;
  // A PgBouncer's clients (SHOW CLIENTS) may be queued for a server connection; a server's backends are not.
  const pooler = holders.some((h) => h.waiting !== undefined);
  return (
    <section className="panel panel-wide">
      <h2>{title}</h2>
      {holders.length === 0 ? (
        <p className="muted" data-testid="holders-empty">
          {snapshot?.total == null ? 'No current figures.' : 'No client connections.'}
        </p>
      ) : (
        <DataTable columns={pooler ? POOLER_COLUMNS : SERVER_COLUMNS} className="holders" testId="holders-table">
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
        </DataTable>
      )}
    </section>
  );
}
