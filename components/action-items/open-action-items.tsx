'use client';

import Link from 'next/link';
import { ErrorBanner } from '@/components/ui/error-banner';
import { useOpenActionItems, useUpdateActionItem } from '@/lib/browser/hooks/use-action-items';
import { withPerson } from '@/lib/browser/person';

export function OpenActionItems() {
  const items = useOpenActionItems();
  const update = useUpdateActionItem();

  if (items.isPending) return <p className="muted">Loading action items…</p>;
  if (items.error) return <p className="banner banner-critical">Cannot load action items: {items.error.message}</p>;
  if (items.data.length === 0) return <p className="empty muted" data-testid="action-items-empty">No open action items.</p>;

  return (
    <>
      <ErrorBanner>{update.error?.message}</ErrorBanner>
      <table data-testid="open-action-items">
        <thead>
          <tr>
            <th scope="col">Done</th>
            <th scope="col">Action item</th>
            <th scope="col">Owner</th>
            <th scope="col">Incident</th>
          </tr>
        </thead>
        <tbody>
          {items.data.map((item) => (
            <tr key={item.id} data-testid="action-item">
              <td>
                {/* Ticked here, the item leaves this list on the refetch that follows. */}
                <input type="checkbox" checked={item.done} aria-label={`Mark "${item.text}" done`} onChange={() => withPerson((by) => update.mutate({ id: item.id, done: !item.done, by }))} />
              </td>
              <td>{item.text}</td>
              <td>{item.owner || <span className="muted">nobody</span>}</td>
              <td>
                <Link href={`/incidents/${item.incidentId}/postmortem`}>
                  <span className="mono">INC-{item.incidentNumber}</span> {item.incidentTitle}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
