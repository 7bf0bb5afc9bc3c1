'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSession, type SessionView } from '@/lib/browser/hooks/use-session';
import { personStore, usePerson } from '@/lib/browser/person';

/**
 * Asks for the display name a write needs (or a new one from the header). Mounted once for the
 * app; opens itself when the person store asks. A native modal <dialog> keeps focus and Escape right.
 */
const displayNameOf = (session: SessionView) => session.user?.displayName ?? null;

export function PersonPrompt() {
  const { name, prompt } = usePerson();
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);

  // Signed in, the account is the person: never prompted then. The same request as the role's.
  const account = useSession(displayNameOf);
  useEffect(() => {
    if (account.isSuccess) personStore().setAccount(account.data);
  }, [account.isSuccess, account.data]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (prompt && !element.open) element.showModal();
    if (!prompt && element.open) element.close();
  }, [prompt]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('person') ?? '');
    setError(personStore().setName(value));
  };

  return (
    <dialog ref={dialog} className="modal" aria-labelledby="person-title" onClose={() => personStore().dismiss()} data-testid="person-prompt">
      {prompt && (
        <form onSubmit={submit} noValidate>
          <h2 id="person-title">{prompt === 'required' ? 'Who is acting?' : 'Change your name'}</h2>
          <p className="muted">Your name is recorded with what you change (ticks, notes, times), so others know who did it. It is kept in this browser.</p>
          <div className="field">
            <label htmlFor="person-name">Your name</label>
            <input id="person-name" name="person" defaultValue={name ?? ''} autoFocus autoComplete="name" aria-invalid={error ? true : undefined} />
            {error && <span className="field-error">{error}</span>}
          </div>
          <div className="form-actions">
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" onClick={() => personStore().dismiss()}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
