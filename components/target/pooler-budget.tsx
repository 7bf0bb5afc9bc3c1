'use client';

import { DataTable, type Column } from '@/components/ui/data-table';
import { formatNumber } from '@/lib/browser/format';
import { useBudget } from '@/lib/browser/hooks/use-finding';
import type { PoolerBudget } from '@/lib/pooler/budget';

const COLUMNS: Column[] = [
  { label: 'Database' },
  { label: 'Pools', num: true },
  { label: 'pool_size', num: true },
  { label: 'reserve_pool', num: true },
  { label: 'max_db_connections', num: true },
  { label: 'May open', num: true },
];

/**
 * A PgBouncer's own budget: the server connections its pools may open against what the database
 * behind it accepts, with the arithmetic spelled out, flagged when the pooler can flood it.
 */
export function PoolerBudgetView({ budget }: { budget: PoolerBudget }) {
  return (
    <div data-testid="pooler-budget" data-over-committed={String(budget.overCommitted)}>
      <p className={budget.overCommitted ? 'banner banner-critical' : 'muted'} data-testid="pooler-budget-line">
        {budget.overCommitted && 'Over-committed: the pools may open more server connections than the database accepts. '}
        {budget.explanation}
      </p>
      {budget.databases.length > 0 && (
        <DataTable columns={COLUMNS} className="holders compact">
          {budget.databases.map((entry) => (
            <tr key={entry.database} data-testid="pooler-budget-database" data-database={entry.database}>
              <td className="mono">{entry.database}</td>
              <td className="num">{formatNumber(entry.pools)}</td>
              <td className="num">{formatNumber(entry.poolSize)}</td>
              <td className="num">{formatNumber(entry.reservePool)}</td>
              <td className="num">{entry.maxDbConnections > 0 ? formatNumber(entry.maxDbConnections) : '–'}</td>
              <td className="num">{formatNumber(entry.committed)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

/** The pooler page's panel: its own budget against the database behind it. */
export function PoolerBudgetPanel({ targetId }: { targetId: string }) {
  const budget = useBudget(targetId);
  const own = budget.data?.poolers.find((pooler) => pooler.targetId === targetId);
  return (
    <section className="panel panel-wide" data-testid="pooler-budget-panel">
      <h2>PgBouncer budget against the database</h2>
      {budget.isPending && <p className="muted">Working out the budget…</p>}
      {budget.error && <p className="banner banner-warning">Budget unavailable: {budget.error.message}</p>}
      {own && <PoolerBudgetView budget={own} />}
    </section>
  );
}
