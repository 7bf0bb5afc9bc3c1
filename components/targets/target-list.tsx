'use client';

import Link from 'next/link';
import { ErrorBanner } from '@/components/ui/error-banner';
import { formatInterval } from '@/lib/browser/format';
import { useRemoveTarget, useTargets } from '@/lib/browser/hooks/use-targets';
import type { TargetView } from '@/lib/targets/targets';
import { useMayAct } from '@/lib/browser/hooks/use-session';

export function TargetList() {
  const targets = useTargets();
  const remove = useRemoveTarget();
  const isAdmin = useMayAct('admin');

  if (targets.isPending) return <p className="muted">Loading targets…</p>;
  if (targets.error) return <p className="banner banner-critical">Cannot load targets: {targets.error.message}</p>;
  if (targets.data.length === 0) return <p className="muted" data-testid="targets-empty">No targets yet: add the first one below.</p>;

  const confirmRemove = (target: TargetView) => {
    // Deleting a target also deletes its recorded samples (cascade), so ask first.
    if (window.confirm(`Stop watching ${target.name}? Its recorded samples are deleted too.`)) remove.mutate(target.id);
  };

  return (
    <>
      {remove.error && <ErrorBanner>Could not remove: {remove.error.message}</ErrorBanner>}
      <table className="targets" data-testid="targets-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Connection URL</th>
            <th scope="col">Interval</th>
            <th scope="col" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {targets.data.map((target) => (
            <tr key={target.id} data-testid="target-row" data-target-id={target.id}>
              <td>
                <Link href={`/targets/${target.id}`}>{target.name}</Link>
              </td>
              <td className="mono">{target.url}</td>
              <td>{formatInterval(target.intervalMs)}</td>
              <td className="actions">
                {isAdmin && (
                  <button type="button" className="danger" onClick={() => confirmRemove(target)} disabled={remove.isPending && remove.variables === target.id} data-testid="remove-target">
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
