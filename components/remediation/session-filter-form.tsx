'use client';

import { useId, useState, type FormEvent } from 'react';
import { FieldError } from '@/components/ui/field-error';
import { SESSION_STATES, sessionActionSchema, type SessionAction, type SessionActionRequest } from '@/lib/remediation/schema';

type Field = 'application' | 'clientAddr' | 'state' | 'minAgeSeconds';

/**
 * Which sessions, and what to do to them. Checked with the API's own schema before the dry run
 * is asked for; an empty box means "any" (the API's "" for application means "sessions that set
 * no application_name", which the form does not offer).
 */
export function SessionFilterForm({
  applications,
  pending,
  onDryRun,
}: {
  /** Names the latest sample shows, offered as suggestions. */
  applications: readonly string[];
  pending: boolean;
  onDryRun: (action: SessionAction, input: SessionActionRequest) => void;
}) {
  const id = useId();
  const [errors, setErrors] = useState<Partial<Record<Field | 'form', string>>>({});

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (field: string) => String(data.get(field) ?? '').trim();
    const age = text('minAgeSeconds');
    const parsed = sessionActionSchema.safeParse({
      application: text('application') || undefined,
      clientAddr: text('clientAddr') || undefined,
      state: text('state') || undefined,
      minAgeSeconds: age === '' ? undefined : Number(age),
      dryRun: true,
    });
    if (!parsed.success) {
      const next: Partial<Record<Field | 'form', string>> = {};
      for (const issue of parsed.error.issues) {
        const field = (issue.path[0] as Field | undefined) ?? 'form';
        next[field] ??= issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    onDryRun(text('action') === 'cancel' ? 'cancel' : 'terminate', parsed.data);
  };

  return (
    <form className="stop-it-form" onSubmit={submit} noValidate data-testid="stop-it-form">
      <fieldset className="field">
        <legend>Action</legend>
        <label>
          <input type="radio" name="action" value="terminate" defaultChecked /> Terminate sessions (frees their connections)
        </label>
        <label>
          <input type="radio" name="action" value="cancel" /> Cancel their running queries (sessions stay connected)
        </label>
      </fieldset>
      <div className="stop-it-filters">
        <Row id={`${id}-application`} label="Application" name="application" hint="application_name, exactly" error={errors.application} list={`${id}-applications`} />
        <datalist id={`${id}-applications`}>
          {applications.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <Row id={`${id}-client`} label="Client address" name="clientAddr" hint="an IP address, e.g. 10.0.3.7" error={errors.clientAddr} />
        <div className="field">
          <label htmlFor={`${id}-state`}>State</label>
          <select id={`${id}-state`} name="state" defaultValue="" aria-describedby={`${id}-state-note`}>
            <option value="">any</option>
            {SESSION_STATES.map((state) => (
              <option key={state} value={state}>
                {state}
              </option>
            ))}
          </select>
          <span id={`${id}-state-note`} className={errors.state ? 'field-error' : 'field-hint'}>
            {errors.state ?? 'idle, idle in transaction, active'}
          </span>
        </div>
        <Row id={`${id}-age`} label="Minimum time in that state (s)" name="minAgeSeconds" hint="seconds since the state began" error={errors.minAgeSeconds} numeric />
      </div>
      <FieldError block>{errors.form}</FieldError>
      <button type="submit" disabled={pending} data-testid="stop-it-dry-run">
        {pending ? 'Looking…' : 'Dry run: which sessions?'}
      </button>
    </form>
  );
}

function Row({ id, label, name, hint, error, list, numeric }: { id: string; label: string; name: Field; hint: string; error?: string; list?: string; numeric?: boolean }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} list={list} inputMode={numeric ? 'decimal' : undefined} aria-invalid={error ? true : undefined} aria-describedby={`${id}-note`} autoComplete="off" />
      <span id={`${id}-note`} className={error ? 'field-error' : 'field-hint'}>
        {error ?? hint}
      </span>
    </div>
  );
}
