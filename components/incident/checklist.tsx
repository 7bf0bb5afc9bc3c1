'use client';

import { useState, type FormEvent } from 'react';
import { ChecklistProgress } from '@/components/incidents/checklist-progress';
import { ErrorBanner } from '@/components/ui/error-banner';
import { Instant } from '@/components/ui/instant';
import type { ChecklistItemView, IncidentView } from '@/lib/incidents/types';
import { useAddChecklistItem, useTickChecklistItem } from '@/lib/browser/hooks/use-incident';
import { useMayAct } from '@/lib/browser/hooks/use-session';
import { checkWith } from '@/lib/browser/lazy-schema';
import { withPerson } from '@/lib/browser/person';
import { PoolCheckFindings } from './pool-check-findings';

/**
 * The questions to ask, worked through together: each tick says who and when, for everyone.
 * Responders tick and add; a viewer reads the same list without controls the API would refuse.
 */
export function Checklist({ incident }: { incident: IncidentView }) {
  const tick = useTickChecklistItem(incident.id);
  const mayTick = useMayAct('responder');
  const toggle = (item: ChecklistItemView) => withPerson((by) => tick.mutate({ itemId: item.id, checked: !item.checked, by }));

  return (
    <section className="panel checklist-panel" aria-labelledby="checklist-title">
      <div className="panel-head">
        <h2 id="checklist-title">Checklist</h2>
        <ChecklistProgress done={incident.checklistDone} total={incident.checklistTotal} />
      </div>
      {tick.error && <ErrorBanner>Tick not saved: {tick.error.message}</ErrorBanner>}
      <ol className="checklist" data-testid="checklist">
        {incident.checklist.map((item) => (
          <li key={item.id} className={item.checked ? 'checklist-item checked' : 'checklist-item'} data-testid="checklist-item" data-kind={item.kind} data-checked={String(item.checked)} data-item-id={item.id}>
            <label className="checklist-label">
              {mayTick ? (
                <input type="checkbox" checked={item.checked} onChange={() => toggle(item)} />
              ) : (
                <span className="checklist-mark" aria-label={item.checked ? 'done' : 'not done'}>
                  {item.checked ? '☑' : '☐'}
                </span>
              )}
              <span className="checklist-text">{item.text}</span>
            </label>
            {item.checked && item.checkedBy && item.checkedAt && (
              <span className="checked-by muted" data-testid="checked-by">
                checked by <strong>{item.checkedBy}</strong> at <Instant at={item.checkedAt} />
              </span>
            )}
            {item.kind === 'pool_check' && <PoolCheckFindings incidentId={incident.id} item={item} hasTargets={incident.targets.length > 0} />}
          </li>
        ))}
      </ol>
      {mayTick && <AddItemForm incidentId={incident.id} />}
    </section>
  );
}

function AddItemForm({ incidentId }: { incidentId: string }) {
  const add = useAddChecklistItem(incidentId);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const text = String(new FormData(form).get('text') ?? '');
    const parsed = await checkWith(() => import('@/lib/incidents/schema').then((m) => m.checklistItemCreateSchema.shape.text), text, 'invalid item');
    if (parsed.error !== undefined) return setError(parsed.error);
    setError(null);
    withPerson((by) => add.mutate({ text: parsed.data, by }, { onSuccess: () => form.reset() }));
  };

  return (
    <form className="add-item" onSubmit={submit} noValidate>
      <input name="text" placeholder="Add an item for this incident…" aria-label="New checklist item" autoComplete="off" aria-invalid={error ? true : undefined} />
      <button type="submit" disabled={add.isPending}>
        Add
      </button>
      {(error ?? add.error?.message) && <span className="field-error">{error ?? add.error?.message}</span>}
    </form>
  );
}
