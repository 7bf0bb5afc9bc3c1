'use client';

import type { AlertView } from '@/lib/alerts/views';
import { useAcknowledge } from '@/lib/browser/hooks/use-alerts';
import { useMayAct } from '@/lib/browser/hooks/use-session';
import { withPerson } from '@/lib/browser/person';

/** "Acknowledge" until someone has (for responders: a viewer's would be refused); then who did, so two people don't both start on it. */
export function AcknowledgeButton({ alert }: { alert: Pick<AlertView, 'id' | 'acknowledgedBy' | 'state'> }) {
  const acknowledge = useAcknowledge();
  const mayAcknowledge = useMayAct('responder');
  if (alert.acknowledgedBy) {
    return (
      <span className="muted" data-testid="acknowledged-by">
        acknowledged by <strong>{alert.acknowledgedBy}</strong>
      </span>
    );
  }
  if (alert.state === 'resolved' || alert.state === 'inactive' || !mayAcknowledge) return null;
  return (
    <span className="ack">
      <button type="button" className="small" data-testid="acknowledge" disabled={acknowledge.isPending} onClick={() => withPerson((by) => acknowledge.mutate({ id: alert.id, by }))}>
        Acknowledge
      </button>
      {acknowledge.error && <span className="field-error">{acknowledge.error.message}</span>}
    </span>
  );
}
