'use client';

import { useState, type FormEvent } from 'react';
import { SILENCE_DURATIONS } from '@/lib/browser/alerts';
import { useCreateSilence } from '@/lib/browser/hooks/use-alerts';
import { withPerson } from '@/lib/browser/person';

/** Silences one rule on one target (the alert's own), for a chosen time, with a reason for the others. */
export function SilenceForm({ ruleId, targetId, onDone }: { ruleId: string; targetId: string; onDone: () => void }) {
  const create = useCreateSilence();
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const durationMinutes = Number(data.get('durationMinutes'));
    const reason = String(data.get('reason') ?? '').trim();
    setError(null);
    withPerson((by) => create.mutate({ by, ruleId, targetId, durationMinutes, reason }, { onSuccess: onDone, onError: (e) => setError(e.message) }));
  };

  return (
    <form className="inline-edit silence-form" onSubmit={submit} data-testid="silence-form">
      <label className="inline-field">
        For
        <select name="durationMinutes" defaultValue={60} aria-label="Silence duration">
          {SILENCE_DURATIONS.map((d) => (
            <option key={d.minutes} value={d.minutes}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <input name="reason" placeholder="Reason (optional)" aria-label="Reason" maxLength={500} />
      <button type="submit" className="small primary" disabled={create.isPending}>
        Silence
      </button>
      <button type="button" className="small" onClick={onDone}>
        Cancel
      </button>
      {error && <span className="field-error">{error}</span>}
    </form>
  );
}
