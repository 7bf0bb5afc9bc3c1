'use client';

import { useState, type FormEvent } from 'react';
import { ErrorBanner } from '@/components/ui/error-banner';
import { drillParamsSchema } from '@/lib/drills/schema';
import { useStartDrill } from '@/lib/browser/hooks/use-drills';

type Field = 'instances' | 'poolMax' | 'durationSeconds';

/** Checked with the schema the API uses; the server's own refusals (409: one already running) come back as its message. */
export function DrillForm({ targetId, disabled }: { targetId: string; disabled: boolean }) {
  const start = useStartDrill(targetId);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const number = (field: Field) => Number(String(data.get(field) ?? '').trim());
    const parsed = drillParamsSchema.safeParse({ instances: number('instances'), poolMax: number('poolMax'), durationSeconds: number('durationSeconds') });
    if (!parsed.success) {
      const next: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field | undefined;
        if (field && !next[field]) next[field] = issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    start.mutate(parsed.data);
  };

  return (
    <form className="add-target" onSubmit={submit} noValidate data-testid="drill-form">
      <Row label="Instances" name="instances" value={3} hint="1–20 simulated app instances" error={errors.instances} />
      <Row label="Pool max" name="poolMax" value={20} hint="1–200 connections per instance" error={errors.poolMax} />
      <Row label="Duration (s)" name="durationSeconds" value={60} hint="10–600; pools close afterwards" error={errors.durationSeconds} />
      <ErrorBanner testId="drill-error">{start.error?.message}</ErrorBanner>
      <button type="submit" disabled={disabled || start.isPending} data-testid="run-drill">
        {start.isPending ? 'Starting…' : 'Run drill'}
      </button>
    </form>
  );
}

function Row({ label, name, value, hint, error }: { label: string; name: Field; value: number; hint: string; error?: string }) {
  const id = `drill-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} defaultValue={value} inputMode="numeric" aria-invalid={error ? true : undefined} aria-describedby={`${id}-note`} autoComplete="off" />
      <span id={`${id}-note`} className={error ? 'field-error' : 'field-hint'}>
        {error ?? hint}
      </span>
    </div>
  );
}
