'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ErrorBanner } from '@/components/ui/error-banner';
import { TextField } from '@/components/ui/text-field';
import { apiRequest, ApiError } from '@/lib/browser/api';
import { checkWith } from '@/lib/browser/lazy-schema';
import { queryKeys } from '@/lib/browser/query-keys';

/** Email and password; or, behind a small toggle, the admin token (automation, or a Lifeguard without accounts). */
export function SignInForm({ email }: { email?: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const [useToken, setUseToken] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = useToken ? { token: form.get('token') } : { email: form.get('email'), password: form.get('password') };
    const parsed = await checkWith(() => import('@/lib/accounts/schema').then((m) => m.signInSchema), body);
    if (parsed.error !== undefined) return setError(parsed.error);
    setPending(true);
    try {
      await apiRequest('/api/session', { method: 'POST', body: JSON.stringify(parsed.data) });
      // The app shell stays mounted across this navigation: tell it who is signed in now.
      await queryClient.invalidateQueries({ queryKey: queryKeys.session() });
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
      {useToken ? (
        <TextField id="token" label="Admin token" name="token" type="password" autoComplete="current-password" />
      ) : (
        <>
          <TextField id="email" label="Email" name="email" type="email" autoComplete="username" defaultValue={email} />
          <TextField id="password" label="Password" name="password" type="password" autoComplete="current-password" autoFocus={Boolean(email)} />
        </>
      )}
      <ErrorBanner>{error}</ErrorBanner>
      <button type="submit" disabled={pending}>
        Sign in
      </button>
      <button type="button" className="link-button" onClick={() => (setUseToken(!useToken), setError(undefined))}>
        {useToken ? 'Use email and password instead' : 'Use the admin token instead'}
      </button>
    </form>
  );
}
