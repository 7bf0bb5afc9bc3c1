'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ErrorBanner } from '@/components/ui/error-banner';
import { apiRequest, ApiError } from '@/lib/browser/api';
import { checkWith } from '@/lib/browser/lazy-schema';

export function SetupForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = await checkWith(() => import('@/lib/accounts/schema').then((m) => m.setupSchema), Object.fromEntries(new FormData(event.currentTarget)));
    if (parsed.error !== undefined) return setError(parsed.error);
    try {
      await apiRequest('/api/setup', { method: 'POST', body: JSON.stringify(parsed.data) });
      router.push('/admin/users');
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'setup failed');
    }
  };
  return (
    <form className="add-target" onSubmit={submit} noValidate>
      {(['code:Setup code (from the server log)', 'email:Email', 'displayName:Display name', 'password:Password (12+ characters)'] as const).map((field) => {
        const [name, label] = field.split(':') as [string, string];
        return (
          <div className="field" key={name}>
            <label htmlFor={`setup-${name}`}>{label}</label>
            <input id={`setup-${name}`} name={name} type={name === 'password' ? 'password' : name === 'email' ? 'email' : 'text'} />
          </div>
        );
      })}
      <ErrorBanner>{error}</ErrorBanner>
      <button type="submit">Create the first admin</button>
    </form>
  );
}
