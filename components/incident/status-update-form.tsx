'use client';

import { useState, type FormEvent } from 'react';
import { FieldError } from '@/components/ui/field-error';
import { useAddStatusUpdate } from '@/lib/browser/hooks/use-incident';
import { checkWith } from '@/lib/browser/lazy-schema';
import { withPerson } from '@/lib/browser/person';

/** The same schema as the route's, without `by` (withPerson supplies it), loaded on the first submit. */
const loadFormSchema = () => import('@/lib/incidents/schema').then((m) => m.statusUpdateSchema.omit({ by: true }));

/** "Conditions / Actions / Needs": what is true now, what is being done, what the responders need. */
export function StatusUpdateForm({ incidentId, onDone }: { incidentId: string; onDone: () => void }) {
  const add = useAddStatusUpdate(incidentId);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = { conditions: String(data.get('conditions') ?? ''), actions: String(data.get('actions') ?? ''), needs: String(data.get('needs') ?? '') };
    const parsed = await checkWith(loadFormSchema, input, 'invalid status update');
    if (parsed.error !== undefined) return setError(parsed.error);
    setError(null);
    withPerson((by) => add.mutate({ ...parsed.data, by }, { onSuccess: onDone }));
  };

  return (
    <form className="status-update-form" onSubmit={submit} noValidate data-testid="status-update-form">
      <label>
        Conditions <span className="field-hint">what is true now</span>
        <textarea name="conditions" rows={2} autoFocus />
      </label>
      <label>
        Actions <span className="field-hint">what is being done, by whom</span>
        <textarea name="actions" rows={2} />
      </label>
      <label>
        Needs <span className="field-hint">help, decisions, access (optional)</span>
        <textarea name="needs" rows={2} />
      </label>
      <div className="add-note-row">
        <button type="submit" className="primary" disabled={add.isPending}>
          {add.isPending ? 'Posting…' : 'Post update'}
        </button>
        <button type="button" className="link-button" onClick={onDone}>
          Cancel
        </button>
      </div>
      <FieldError>{error ?? add.error?.message}</FieldError>
    </form>
  );
}
