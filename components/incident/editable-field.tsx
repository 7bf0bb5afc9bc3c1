'use client';

import { useState, type FormEvent } from 'react';
import { Instant } from '@/components/ui/instant';
import { fromDatetimeLocal, toDatetimeLocal } from '@/lib/browser/format';
import { toIsoWithOffset } from '@/lib/browser/incident-time';
import { EditButton, SaveCancel } from './inline-edit';

type Save<T> = (value: T, done: () => void) => void;

/**
 * A time shown in the viewer's zone, edited as a datetime-local in the same zone and sent as
 * ISO 8601 with that zone's offset, so what was typed is what is stored. Editable fields offer
 * "edit" to responders only: a viewer's edit would be refused.
 */
export function EditableTime({ label, value, pending, onSave, testId }: { label: string; value: string; pending: boolean; onSave: Save<string>; testId: string }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!editing) {
    return (
      <span className="editable" data-testid={testId}>
        <Instant at={value} />
        <EditButton name={`${label.toLowerCase()} time`} onEdit={() => setEditing(true)} />
      </span>
    );
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const ms = fromDatetimeLocal(String(new FormData(event.currentTarget).get('at') ?? ''));
    if (ms === null) return setError('Enter a date and time');
    setError(null);
    onSave(toIsoWithOffset(ms), () => setEditing(false));
  };
  return (
    <form className="inline-edit" onSubmit={submit}>
      <input type="datetime-local" name="at" step={1} aria-label={label} defaultValue={toDatetimeLocal(Date.parse(value), { seconds: true })} autoFocus />
      <SaveCancel pending={pending} onCancel={() => setEditing(false)} />
      {error && <span className="field-error">{error}</span>}
    </form>
  );
}

export function EditableText(props: { label: string; value: string; pending: boolean; onSave: Save<string>; placeholder: string; multiline?: boolean; testId: string }) {
  const { label, value, pending, onSave, placeholder, multiline, testId } = props;
  const [editing, setEditing] = useState(false);

  if (!editing) {
    return (
      <span className={multiline ? 'editable editable-block' : 'editable'} data-testid={testId}>
        {value ? <span className="prewrap">{value}</span> : <span className="muted">{placeholder}</span>}
        <EditButton name={label.toLowerCase()} onEdit={() => setEditing(true)} />
      </span>
    );
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSave(String(new FormData(event.currentTarget).get('value') ?? '').trim(), () => setEditing(false));
  };
  return (
    <form className={multiline ? 'inline-edit inline-edit-block' : 'inline-edit'} onSubmit={submit}>
      {multiline ? <textarea name="value" aria-label={label} defaultValue={value} rows={3} autoFocus /> : <input name="value" aria-label={label} defaultValue={value} autoFocus />}
      <SaveCancel pending={pending} onCancel={() => setEditing(false)} />
    </form>
  );
}
