'use client';

import { useState, type FormEvent } from 'react';
import { FieldError } from '@/components/ui/field-error';
import { FormActions } from '@/components/ui/form-actions';
import { TextField } from '@/components/ui/text-field';
import { RECEIVER_KINDS, type ReceiverKind } from '@/lib/alerts/choices';
import { describeIssue } from '@/lib/format/validation';
import type { ReceiverView } from '@/lib/alerts/notify/receivers';
import { useCreateReceiver, useDeleteReceiver, useReceivers, useUpdateReceiver } from '@/lib/browser/hooks/use-receivers';
import { checkWith } from '@/lib/browser/lazy-schema';
import { DeliveryLog } from './delivery-log';
import { GroupingFields, groupingFrom, ReceiverGrouping } from './receiver-grouping';

/** The API's defaults, shown in the add form (Alertmanager's group_wait, group_interval, repeat_interval). */
const DEFAULT_GROUPING = { groupBy: ['target' as const], groupWaitSeconds: 10, groupIntervalSeconds: 300, repeatIntervalSeconds: 14_400 };

const KIND_LABELS: Record<ReceiverKind, string> = {
  webhook: 'Webhook (JSON)',
  slack: 'Slack incoming webhook',
  pagerduty: 'PagerDuty (Events API v2)',
  alertmanager: 'Alertmanager (your own)',
};
const URL_PLACEHOLDERS: Record<ReceiverKind, string> = {
  webhook: 'https://example.com/lifeguard-alerts',
  slack: 'https://hooks.slack.com/services/…',
  pagerduty: 'https://events.pagerduty.com/v2/enqueue',
  alertmanager: 'http://alertmanager.example:9093',
};

/**
 * Where firing and resolved alerts are sent: generic JSON webhooks, Slack incoming webhooks,
 * PagerDuty and the team's Alertmanager, one message per group of alerts (per target by default;
 * PagerDuty gets one event per alert of the message).
 */
export function ReceiversView() {
  const receivers = useReceivers();
  return (
    <>
      <section className="panel panel-wide">
        {receivers.isPending && <p className="muted">Loading receivers…</p>}
        {receivers.error && <p className="banner banner-critical">Cannot load receivers: {receivers.error.message}</p>}
        {receivers.data?.length === 0 && <p className="muted">No receivers: alerts show here only.</p>}
        <ul className="receiver-list" data-testid="receiver-list">
          {receivers.data?.map((r) => (
            <ReceiverItem key={r.id} receiver={r} />
          ))}
        </ul>
      </section>
      <AddReceiverForm />
    </>
  );
}

function ReceiverItem({ receiver }: { receiver: ReceiverView }) {
  const update = useUpdateReceiver();
  const remove = useDeleteReceiver();
  const [showLog, setShowLog] = useState(false);
  const error = update.error ?? remove.error;
  return (
    <li className="receiver" data-testid="receiver" data-enabled={String(receiver.enabled)}>
      <div className="receiver-head">
        <strong>{receiver.name}</strong> <span className="chip">{receiver.kind}</span>
        <span className="mono muted receiver-url">{receiver.url}</span>
        {receiver.routingKeyHint && <span className="mono muted">key {receiver.routingKeyHint}</span>}
        <label className="inline-field">
          <input type="checkbox" checked={receiver.enabled} disabled={update.isPending} onChange={() => update.mutate({ id: receiver.id, enabled: !receiver.enabled })} aria-label={`${receiver.name} enabled`} />
          {receiver.enabled ? 'on' : 'off'}
        </label>
        {/* Incidents without a channel of their own post their updates to this one (docs/operations.md). */}
        {receiver.kind === 'slack' && (
          <label className="inline-field">
            <input type="checkbox" checked={receiver.defaultChannel} disabled={update.isPending} onChange={() => update.mutate({ id: receiver.id, defaultChannel: !receiver.defaultChannel })} data-testid="default-channel" />
            default incident channel
          </label>
        )}
        <button type="button" className="small" onClick={() => setShowLog(!showLog)} aria-expanded={showLog}>
          {showLog ? 'Hide deliveries' : 'Deliveries'}
        </button>
        <button type="button" className="small danger" disabled={remove.isPending} onClick={() => window.confirm(`Delete the receiver “${receiver.name}”?`) && remove.mutate(receiver.id)}>
          Delete
        </button>
      </div>
      <ReceiverGrouping receiver={receiver} />
      {error && <p className="field-error">{error.message}</p>}
      {showLog && <DeliveryLog receiverId={receiver.id} />}
    </li>
  );
}

function AddReceiverForm() {
  const create = useCreateReceiver();
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<ReceiverKind>('webhook');
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    // The API's own schema and wording ("url: url must be an http:// or https:// URL"): the
    // message is the one the server's 400 would give, shown before anything is sent.
    const input = { name: String(data.get('name') ?? ''), kind: String(data.get('kind')), url: String(data.get('url') ?? ''), ...routingKeyFrom(data), ...groupingFrom(data) };
    const parsed = await checkWith(() => import('@/lib/alerts/schema').then((m) => m.receiverCreateSchema), input);
    if (parsed.error !== undefined) return setError(parsed.issues[0] ? describeIssue(parsed.issues[0]) : parsed.error);
    setError(null);
    create.mutate(parsed.data, {
      onSuccess: () => {
        form.reset();
        setKind('webhook');
      },
      onError: (e) => setError(e.message),
    });
  };
  return (
    <section className="panel add-target" aria-labelledby="new-receiver-title">
      <h2 id="new-receiver-title">Add a receiver</h2>
      <form onSubmit={submit} noValidate data-testid="receiver-form">
        <TextField id="receiver-name" label="Name" name="name" autoComplete="off" maxLength={120} />
        <div className="field">
          <label htmlFor="receiver-kind">Kind</label>
          <select id="receiver-kind" name="kind" value={kind} onChange={(event) => setKind(RECEIVER_KINDS.find((k) => k === event.target.value) ?? 'webhook')}>
            {RECEIVER_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <TextField id="receiver-url" label={kind === 'alertmanager' ? 'Alertmanager base URL' : 'URL'} name="url" type="url" placeholder={URL_PLACEHOLDERS[kind]} autoComplete="off" />
        {kind === 'pagerduty' && (
          <TextField id="receiver-routing-key" label="Routing key (integration key)" name="routingKey" autoComplete="off" maxLength={32} spellCheck={false} />
        )}
        <details>
          <summary>Grouping (defaults as Alertmanager’s)</summary>
          <GroupingFields defaults={DEFAULT_GROUPING} />
        </details>
        <FormActions submit="Add receiver" pending={create.isPending}>
          <FieldError>{error}</FieldError>
        </FormActions>
      </form>
    </section>
  );
}

/** The routing key only when the form has one (the pagerduty kind), as the schema wants. */
function routingKeyFrom(data: FormData): { routingKey?: string } {
  const value = data.get('routingKey');
  return typeof value === 'string' ? { routingKey: value } : {};
}
