'use client';

import { useState, type FormEvent } from 'react';
import { TOKEN_SCOPES, tokenCreateSchema, type TokenScope } from '@/lib/accounts/schema';
import { apiRequest, ApiError } from '@/lib/browser/api';
import { useAdminList } from './use-admin-list';

type Token = { id: string; name: string; scope: TokenScope; prefix: string; createdBy: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

export function TokensAdmin() {
  const { items, error, setError, reload } = useAdminList<Token>('/api/tokens');
  const [shown, setShown] = useState<string>();

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const parsed = tokenCreateSchema.safeParse(Object.fromEntries(new FormData(form)));
    if (!parsed.success) return setError(parsed.error.issues[0]?.message);
    try {
      const created = await apiRequest<{ token: string }>('/api/tokens', { method: 'POST', body: JSON.stringify(parsed.data) });
      setShown(created.token);
      form.reset();
      reload();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'failed');
    }
  };

  const revoke = async (token: Token) => {
    if (!window.confirm(`Revoke “${token.name}”? Whatever uses it stops working.`)) return;
    await apiRequest(`/api/tokens/${token.id}`, { method: 'DELETE' }).catch((caught: unknown) => setError(caught instanceof ApiError ? caught.message : 'failed'));
    reload();
  };

  return (
    <>
      {error && (
        <p className="banner banner-critical" role="alert">
          {error}
        </p>
      )}
      {shown && (
        <p className="banner" role="status">
          Copy this token now; it is not shown again: <code data-testid="new-token">{shown}</code>
        </p>
      )}
      <table className="data-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Scope</th>
            <th>Starts with</th>
            <th>Created</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>{token.scope}</td>
              <td>
                <code>{token.prefix}…</code>
              </td>
              <td>
                {new Date(token.createdAt).toLocaleString()} by {token.createdBy}
              </td>
              <td>{token.lastUsedAt ? new Date(token.lastUsedAt).toLocaleString() : 'never'}</td>
              <td>
                {token.revokedAt ? (
                  'revoked'
                ) : (
                  <button type="button" onClick={() => void revoke(token)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Create a token</h2>
      <form className="add-target" onSubmit={create} noValidate>
        <div className="field">
          <label htmlFor="token-name">Name</label>
          <input id="token-name" name="name" placeholder="e.g. web app pool reports" />
        </div>
        <div className="field">
          <label htmlFor="token-scope">Scope</label>
          <select id="token-scope" name="scope" defaultValue="ingest">
            {TOKEN_SCOPES.map((scope) => (
              <option key={scope}>{scope}</option>
            ))}
          </select>
        </div>
        <button type="submit">Create token</button>
      </form>
    </>
  );
}
