'use client';

import { useState, type FormEvent } from 'react';
import { ErrorBanner } from '@/components/ui/error-banner';
import { useAddTarget, useTargets } from '@/lib/browser/hooks/use-targets';
import { useMayAct } from '@/lib/browser/hooks/use-session';
import { checkWith } from '@/lib/browser/lazy-schema';
import type { TargetKind } from '@/lib/targets/schema';

type Field = 'name' | 'url' | 'intervalMs' | 'backendTargetId' | 'probeDatabase';
type FieldErrors = Partial<Record<Field, string>>;

/**
 * Validated here with the very schema the API uses, so the form and the server never disagree;
 * what only the server can know (a duplicate name: 409) comes back as the API's own message.
 */
export function AddTargetForm() {
  const mayAct = useMayAct('admin');
  const add = useAddTarget();
  const targets = useTargets();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [kind, setKind] = useState<TargetKind>('postgres');

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const interval = String(data.get('intervalMs') ?? '').trim();
    const parsed = await checkWith(() => import('@/lib/targets/schema').then((m) => m.targetInputSchema), {
      name: String(data.get('name') ?? ''),
      url: String(data.get('url') ?? ''),
      intervalMs: interval === '' ? undefined : Number(interval),
      kind,
      backendTargetId: kind === 'pgbouncer' && data.get('backendTargetId') ? String(data.get('backendTargetId')) : undefined,
      probeDatabase: kind === 'pgbouncer' && String(data.get('probeDatabase') ?? '').trim() !== '' ? String(data.get('probeDatabase')) : undefined,
    });
    if (parsed.error !== undefined) {
      const next: FieldErrors = {};
      for (const issue of parsed.issues) {
        const field = issue.path[0] as Field | undefined;
        if (field && !next[field]) next[field] = issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    add.mutate(parsed.data, {
      onSuccess: () => {
        form.reset();
        setKind('postgres');
      },
    });
  };

  // Adding a target is for admins; anyone else would be refused.
  if (!mayAct) return null;
  return (
    <form className="add-target" onSubmit={submit} noValidate data-testid="add-target-form">
      <h2>Add a target</h2>
      <FieldRow label="Name" name="name" error={errors.name} placeholder="orders-primary" />
      <div className="field">
        <label htmlFor="target-kind">Kind</label>
        <select id="target-kind" name="kind" value={kind} onChange={(event) => setKind(event.target.value === 'pgbouncer' ? 'pgbouncer' : 'postgres')}>
          <option value="postgres">PostgreSQL</option>
          <option value="pgbouncer">PgBouncer</option>
        </select>
      </div>
      <FieldRow
        label="Connection URL"
        name="url"
        error={errors.url}
        placeholder={kind === 'pgbouncer' ? 'postgres://monitor:secret@pooler.internal:6432/pgbouncer' : 'postgres://monitor:secret@db.internal:5432/postgres'}
        hint={kind === 'pgbouncer' ? 'Its admin console (database pgbouncer), as a user in admin_users or stats_users. The password is never shown again.' : 'The password is stored but never shown again.'}
      />
      {kind === 'pgbouncer' && (
        <div className="field">
          <label htmlFor="target-backendTargetId">Database behind it</label>
          <select id="target-backendTargetId" name="backendTargetId" defaultValue="" aria-invalid={errors.backendTargetId ? true : undefined}>
            <option value="">None</option>
            {(targets.data ?? [])
              .filter((target) => target.kind === 'postgres')
              .map((target) => (
                <option key={target.id} value={target.id}>
                  {target.name}
                </option>
              ))}
          </select>
          {errors.backendTargetId ? <span className="field-error">{errors.backendTargetId}</span> : <span className="field-hint">Optional; charted beside the pools.</span>}
        </div>
      )}
      {kind === 'pgbouncer' && (
        <FieldRow
          label="Probe database"
          name="probeDatabase"
          error={errors.probeDatabase}
          placeholder="appdb"
          hint="Optional: the pooled database the probe connects to as an ordinary client, so it meets max_client_conn as applications do. Default: the one leading to the database behind it, else the first."
        />
      )}
      <FieldRow label="Interval (ms)" name="intervalMs" error={errors.intervalMs} placeholder="1000" inputMode="numeric" hint="Optional; 1000 by default." />
      <ErrorBanner testId="form-error">{add.error?.message}</ErrorBanner>
      {add.isSuccess && !add.isPending && <p className="banner banner-ok" role="status">Added {add.data.name}.</p>}
      <button type="submit" disabled={add.isPending}>
        {add.isPending ? 'Adding…' : 'Add target'}
      </button>
    </form>
  );
}

function FieldRow({ label, name, error, placeholder, hint, inputMode }: { label: string; name: Field; error?: string; placeholder?: string; hint?: string; inputMode?: 'numeric' }) {
  const id = `target-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} placeholder={placeholder} inputMode={inputMode} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} autoComplete="off" spellCheck={false} />
      {error ? (
        <span id={`${id}-error`} className="field-error" data-testid={`${name}-error`}>
          {error}
        </span>
      ) : (
        hint && <span className="field-hint">{hint}</span>
      )}
    </div>
  );
}
