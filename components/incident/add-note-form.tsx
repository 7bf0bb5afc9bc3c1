'use client';

import { useState, type FormEvent } from 'react';
import { FieldError } from '@/components/ui/field-error';
import { fromDatetimeLocal } from '@/lib/browser/format';
import { useAddNote } from '@/lib/browser/hooks/use-incident';
import { toIsoWithOffset } from '@/lib/browser/incident-time';
import { checkWith } from '@/lib/browser/lazy-schema';
import { withPerson } from '@/lib/browser/person';
import { useMayAct } from '@/lib/browser/hooks/use-session';

/**
 * A note for the timeline, in Markdown. "When" is optional: the real timeline is often
 * reconstructed afterwards (10:05 alert, 10:45 errors noticed…), so a note can be back-dated.
 */
export function AddNoteForm({ incidentId }: { incidentId: string }) {
  const mayAct = useMayAct('responder');
  const add = useAddNote(incidentId);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const when = String(data.get('at') ?? '');
    const ms = when ? fromDatetimeLocal(when) : null;
    if (when && ms === null) return setError('Enter a date and time, or leave it empty for now');
    const parsed = await checkWith(() => import('@/lib/incidents/schema').then((m) => m.timelineNoteSchema.shape.body), String(data.get('body') ?? ''), 'invalid note');
    if (parsed.error !== undefined) return setError(parsed.error);
    setError(null);
    withPerson((by) => add.mutate({ body: parsed.data, by, at: ms === null ? undefined : toIsoWithOffset(ms) }, { onSuccess: () => form.reset() }));
  };

  // Notes are for responders; a viewer would be refused.
  if (!mayAct) return null;
  return (
    <form className="add-note" onSubmit={submit} noValidate data-testid="add-note">
      <label htmlFor="note-body">Add a note</label>
      <textarea id="note-body" name="body" rows={3} placeholder="What happened, what you tried, what you saw (Markdown)" aria-invalid={error ? true : undefined} />
      <div className="add-note-row">
        <label className="inline-field">
          Happened at <input type="datetime-local" name="at" step={1} aria-label="Happened at (optional)" />
        </label>
        <span className="field-hint">empty = now</span>
        <button type="submit" className="primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add note'}
        </button>
      </div>
      <FieldError>{error ?? add.error?.message}</FieldError>
    </form>
  );
}
