'use client';

import { DataTable, type Column } from '@/components/ui/data-table';
import { Instant } from '@/components/ui/instant';
import { useDeliveries } from '@/lib/browser/hooks/use-receivers';

const COLUMNS: Column[] = [{ label: 'At' }, { label: 'Event' }, { label: 'Message' }, { label: 'Status' }, { label: 'Attempts', num: true }, { label: 'Answer' }];

/**
 * What was sent to one receiver, and what came back: the first place to look when Slack stays
 * quiet. One row per message; each message lists the alerts of its group.
 */
export function DeliveryLog({ receiverId }: { receiverId: string }) {
  const deliveries = useDeliveries(receiverId, true);
  if (deliveries.isPending) return <p className="muted">Loading deliveries…</p>;
  if (deliveries.error) return <p className="banner banner-warning">Delivery log unavailable: {deliveries.error.message}</p>;
  if (deliveries.data.length === 0) return <p className="muted">Nothing sent yet.</p>;
  return (
    <DataTable columns={COLUMNS} className="compact" testId="delivery-log" scroll={false}>
      {deliveries.data.map((d) => (
        <tr key={d.id} data-testid="delivery-row" data-status={d.status}>
          <td>
            <Instant at={d.createdAt} />
          </td>
          <td>{d.event}</td>
          <td>
            {d.summary ?? <span className="mono muted">{d.groupKey}</span>}
            {[...d.firing.map((text) => ['firing', text] as const), ...d.resolved.map((text) => ['resolved', text] as const)].map(([state, text], i) => (
              <div key={i} className="muted delivery-alert">
                {state}: {text}
              </div>
            ))}
          </td>
          <td className={d.status === 'failed' ? 'warn-text' : undefined}>
            {d.status}
            {d.deliveredAt && (
              <span className="muted">
                {' '}
                at <Instant at={d.deliveredAt} />
              </span>
            )}
          </td>
          <td className="num">{d.attempts}</td>
          <td className="muted">
            {d.responseStatus !== null && `HTTP ${d.responseStatus}`} {d.lastError}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
