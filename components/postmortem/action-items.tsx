'use client';

import { useState, type FormEvent } from 'react';
import { ErrorBanner } from '@/components/ui/error-banner';
import { useActionItems, useAddActionItem, useDeleteActionItem, useUpdateActionItem } from '@/lib/browser/hooks/use-action-items';
import { checkWith } from '@/lib/browser/lazy-schema';
import { withPerson } from '@/lib/browser/person';
import { useMayAct } from '@/lib/browser/hooks/use-session';

/** The tasks that come out of the postmortem, each with an owner; they appear as - [ ] / - [x] in the export. */
export function ActionItems({ incidentId }: { incidentId: string }) {
  const items = useActionItems(incidentId);
  const update = useUpdateActionItem();
  const remove = useDeleteActionItem();
  // Action items are for responders: a viewer reads them without the controls the API would refuse.
  const mayEdit = useMayAct('responder');
  const error = update.error ?? remove.error;

  return (
    <section className="panel" aria-labelledby="action-items-title">
      <h2 id="action-items-title">Action items</h2>
      {items.isPending && <p className="muted">Loading…</p>}
      {items.error && <p className="banner banner-critical">{items.error.message}</p>}
      <ErrorBanner>{error?.message}</ErrorBanner>
      <ul className="action-items" data-testid="action-items">
        {items.data?.map((item) => (
          <li key={item.id} data-testid="action-item" data-done={String(item.done)}>
            <label>
              <input type="checkbox" checked={item.done} disabled={!mayEdit} onChange={() => withPerson((by) => update.mutate({ id: item.id, done: !item.done, by }))} />{' '}
              <span className={item.done ? 'done' : undefined}>{item.text}</span>
            </label>
            <span className="muted">{item.owner ? `owner: ${item.owner}` : 'no owner'}</span>
            {mayEdit && (
              <button
                type="button"
                className="link-button danger"
                onClick={() => {
                  if (window.confirm(`Delete "${item.text}"?`)) remove.mutate(item.id);
                }}
              >
                delete
              </button>
            )}
          </li>
        ))}
        {items.data?.length === 0 && <li className="muted">None yet.</li>}
      </ul>
      {mayEdit && <AddActionItem incidentId={incidentId} />}
    </section>
  );
}

function AddActionItem({ incidentId }: { incidentId: string }) {
  const add = useAddActionItem(incidentId);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const input = { text: String(data.get('text') ?? ''), owner: String(data.get('owner') ?? '') };
    const parsed = await checkWith(() => import('@/lib/action-items/schema').then((m) => m.actionItemCreateSchema.omit({ by: true })), input, 'invalid action item');
    if (parsed.error !== undefined) return setError(parsed.error);
    setError(null);
    withPerson((by) => add.mutate({ ...parsed.data, by }, { onSuccess: () => form.reset() }));
  };

  return (
    <form className="add-item" onSubmit={submit} noValidate>
      <input name="text" placeholder="Cap the pool size per instance…" aria-label="Action item" autoComplete="off" />
      <input name="owner" placeholder="Owner" aria-label="Owner" className="owner-input" autoComplete="off" />
      <button type="submit" disabled={add.isPending}>
        Add
      </button>
      {(error ?? add.error?.message) && <span className="field-error">{error ?? add.error?.message}</span>}
    </form>
  );
}
