'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { apiRequest, ApiError } from '@/lib/client/api';
import { signInSchema } from '@/lib/session-schema';

export function SignInForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = signInSchema.safeParse({ token: new FormData(event.currentTarget).get('token') });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message);
    setPending(true);
    try {
      await apiRequest('/api/session', { method: 'POST', body: JSON.stringify(parsed.data) });
      router.push('/');
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'sign-in failed');
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="add-target" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="token">Admin token</label>
        <input id="token" name="token" type="password" autoComplete="current-password" />
      </div>
      {error && (
        <p className="banner banner-critical" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending}>
        Sign in
      </button>
    </form>
  );
}
