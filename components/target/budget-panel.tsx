'use client';

import Link from 'next/link';
import { DataTable, type Column } from '@/components/ui/data-table';
import { budgetLine, formatPoolMax } from '@/lib/browser/alerts';
import { applicationHref } from '@/lib/browser/applications';
import { allowanceLabel, guardedLabel, overCommitmentNote } from '@/lib/browser/allowance';
import { formatNumber } from '@/lib/browser/format';
import { useBudget } from '@/lib/browser/hooks/use-finding';
import { PoolerBudgetView } from './pooler-budget';

const COLUMNS: Column[] = [
  { label: 'Application' },
  { label: 'Instances', num: true },
  { label: 'Pool max', num: true },
  { label: 'Allowance / instance', num: true },
  { label: 'Guarded' },
  { label: 'Committed', num: true },
  { label: 'Held (reported / observed)', num: true },
  { label: 'Arithmetic' },
];

/**
 * Usable connections against what the reporting applications may open: the over-commitment is
 * visible here before any flood, with the arithmetic spelled out. Beside each application's
 * configured pool max, its allowance per instance and how many of its instances a guard keeps to it.
 */
export function BudgetPanel({ targetId }: { targetId: string }) {
  const budget = useBudget(targetId);
  const data = budget.data;
  const allowanceOf = (application: string) => data?.allowances.applications.find((app) => app.application === application);
  const note = data ? overCommitmentNote(data) : null;
  // A pooler's own budget is on its pools panel; here, the poolers in front of this database.
  const inFront = data?.poolers.filter((pooler) => pooler.targetId !== targetId) ?? [];
  const limit = data?.limitLabel === 'max_client_conn' ? 'max_client_conn' : 'usable';
  return (
    <section className="panel panel-wide" data-testid="budget-panel" data-over-committed={data ? String(data.overCommitted) : undefined}>
      <h2>Connection budget</h2>
      {budget.isPending && <p className="muted">Working out the budget…</p>}
      {budget.error && <p className="banner banner-warning">Budget unavailable: {budget.error.message}</p>}
      {data && (
        <>
          <p className="budget-figures">
            <span>
              <strong data-testid="budget-usable">{formatNumber(data.usable)}</strong> {limit}
            </span>
            <span className={data.overCommitted ? 'usage-critical' : undefined}>
              <strong data-testid="budget-committed">{formatNumber(data.committed)}</strong> committed by pools
            </span>
          </p>
          {note && (
            <p className={`banner banner-${note.severity}`} data-testid="over-committed" data-severity={note.severity}>
              {note.text}
            </p>
          )}
          {data.applications.length === 0 ? (
            <p className="muted">No application reports its pool for this target yet. {data.explanation}</p>
          ) : (
            <DataTable columns={COLUMNS} className="holders compact">
              {data.applications.map((app) => (
                <tr key={app.application} data-testid="budget-application" data-application={app.application}>
                  <td>
                    <Link href={applicationHref(app.application)}>{app.application}</Link>
                  </td>
                  <td className="num">{app.instances}</td>
                  <td className="num">{formatPoolMax(app.poolMax)}</td>
                  <td className="num" data-testid="budget-allowance" title={allowanceOf(app.application)?.arithmetic}>
                    {allowanceLabel(allowanceOf(app.application)?.maxPerInstance, app.inForce)}
                  </td>
                  <td data-testid="budget-guarded">{guardedLabel(app)}</td>
                  <td className="num">{formatNumber(app.committed)}</td>
                  <td className="num">
                    {formatNumber(app.heldReported)} / {formatNumber(app.heldObserved)}
                  </td>
                  <td className="mono" data-testid="budget-line">
                    {budgetLine(app)}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          {!data.overCommitted && data.applications.length > 0 && <p className="muted">{data.explanation}</p>}
          {data.applications.length > 0 && (
            <p className="muted" data-testid="allowance-line">
              Allowances (what guarded pools keep to): {data.allowances.arithmetic}
            </p>
          )}
          {inFront.map((pooler) => (
            <div key={pooler.targetId}>
              <h3>PgBouncer in front: {pooler.targetName}</h3>
              <PoolerBudgetView budget={pooler} />
            </div>
          ))}
        </>
      )}
    </section>
  );
}
