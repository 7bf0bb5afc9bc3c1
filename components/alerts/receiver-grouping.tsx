'use client';

import { useState, type FormEvent } from 'react';
import { FieldError } from '@/components/ui/field-error';
import { formatDuration } from '@/lib/format/duration';
import { GROUP_BY_LABELS, type GroupByLabel } from '@/lib/alerts/choices';
import type { ReceiverView } from '@/lib/alerts/notify/receivers';
import { useUpdateReceiver } from '@/lib/browser/hooks/use-receivers';
import { checkWith } from '@/lib/browser/lazy-schema';

type Grouping = Pick<ReceiverView, 'groupBy' | 'groupWaitSeconds' | 'groupIntervalSeconds' | 'repeatIntervalSeconds'>;

/** "by target · first waits 10 s (criticals at once) · changes every 5 min · repeats every 4 h" */
export function groupingSentence(grouping: Grouping): string {
  const by = grouping.groupBy.length === 0 ? 'everything in one group' : `by ${grouping.groupBy.join(', ')}`;
  return [
    by,
    `first waits ${formatDuration(grouping.groupWaitSeconds)} (criticals at once)`,
    `changes every ${formatDuration(grouping.groupIntervalSeconds)}`,
    `repeats every ${formatDuration(grouping.repeatIntervalSeconds)}`,
  ].join(' · ');
}

/**
 * The grouping fields of a receiver form, named as the API names them. Shared by the add form
 * and the editor so both send the same thing.
 */
export function GroupingFields({ defaults }: { defaults: Grouping }) {
  return (
    <fieldset className="grouping-fields">
      <legend>Grouping</legend>
      {GROUP_BY_LABELS.map((label) => (
        <label key={label} className="inline-field">
          <input type="checkbox" name="groupBy" value={label} defaultChecked={defaults.groupBy.includes(label)} /> {label}
        </label>
      ))}
      <label className="inline-field">
        Group wait (s) <input name="groupWaitSeconds" type="number" min={0} step={1} defaultValue={defaults.groupWaitSeconds} />
      </label>
      <label className="inline-field">
        Group interval (s) <input name="groupIntervalSeconds" type="number" min={1} step={1} defaultValue={defaults.groupIntervalSeconds} />
      </label>
      <label className="inline-field">
        Repeat interval (s) <input name="repeatIntervalSeconds" type="number" min={60} step={1} defaultValue={defaults.repeatIntervalSeconds} />
      </label>
    </fieldset>
  );
}

/** What GroupingFields holds, as the API takes it (numbers left as typed: the schema says what is wrong). */
export function groupingFrom(data: FormData): Grouping {
  return {
    groupBy: data.getAll('groupBy').map(String) as GroupByLabel[],
    groupWaitSeconds: Number(data.get('groupWaitSeconds')),
    groupIntervalSeconds: Number(data.get('groupIntervalSeconds')),
    repeatIntervalSeconds: Number(data.get('repeatIntervalSeconds')),
  };
}

/** One receiver's grouping, read in a line and changed in place. */
export function ReceiverGrouping({ receiver }: { receiver: ReceiverView }) {
  const update = useUpdateReceiver();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = await checkWith(() => import('@/lib/alerts/schema').then((m) => m.receiverUpdateSchema), groupingFrom(new FormData(event.currentTarget)));
    if (parsed.error !== undefined) return setError(parsed.issues.map((i) => i.message).join('; '));
    setError(null);
    update.mutate({ id: receiver.id, ...parsed.data }, { onSuccess: () => setEditing(false), onError: (e) => setError(e.message) });
  };
  return (
    <div className="receiver-grouping" data-testid="receiver-grouping">
      <span className="muted">Messages grouped {groupingSentence(receiver)}</span>{' '}
      <button type="button" className="small" onClick={() => setEditing(!editing)} aria-expanded={editing}>
        Grouping…
      </button>
      {editing && (
        <form className="inline-edit" onSubmit={submit} noValidate>
          <GroupingFields defaults={receiver} />
          <button type="submit" className="small primary" disabled={update.isPending}>
            Save
          </button>
        </form>
      )}
      <FieldError block>{error}</FieldError>
    </div>
  );
}
