'use client';

import { useState, type FormEvent } from 'react';
import { DataTable, type Column } from '@/components/ui/data-table';
import { ErrorBanner } from '@/components/ui/error-banner';
import { TextField } from '@/components/ui/text-field';
import type { ApiTokenView } from '@/lib/accounts/api-tokens';
import { TOKEN_SCOPES } from '@/lib/accounts/choices';
import { checkWith } from '@/lib/browser/lazy-schema';
import { useCreateToken, useRevokeToken, useTokens } from '@/lib/browser/hooks/use-tokens';

const COLUMNS: Column[] = [{ label: 'Name' }, { label: 'Scope' }, { label: 'Starts with' }, { label: 'Created' }, { label: 'Last used' }, { label: 'Actions', actions: true }];

export function TokensAdmin() {
  const tokens = useTokens();
  const create = useCreateToken();
  const revokeToken = useRevokeToken();
  const [formError, setFormError] = useState<string>();
  const [shown, setShown] = useState<string>();
  const error = formError ?? tokens.error?.message;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const parsed = await checkWith(() => import('@/lib/accounts/schema').then((m) => m.tokenCreateSchema), Object.fromEntries(new FormData(form)));
    if (parsed.error !== undefined) return setFormError(parsed.error);
    setFormError(undefined);
    create.mutate(parsed.data, {
      onSuccess: (created) => {
        setShown(created.token);
        form.reset();
      },
      onError: (caught) => setFormError(caught.message),
    });
  };

  const revoke = (token: ApiTokenView) => {
    if (!window.confirm(`Revoke “${token.name}”? Whatever uses it stops working.`)) return;
    revokeToken.mutate(token.id, { onError: (caught) => setFormError(caught.message) });
  };

  return (
    <>
      <ErrorBanner>{error}</ErrorBanner>
      {shown && (
        <p className="banner" role="status">
          Copy this token now; it is not shown again: <code data-testid="new-token">{shown}</code>
        </p>
      )}
      <DataTable columns={COLUMNS} className="data-table" scroll={false}>
        {tokens.data?.map((token) => (
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
                <button type="button" onClick={() => revoke(token)}>
                  Revoke
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <h2>Create a token</h2>
      <form className="add-target" onSubmit={submit} noValidate>
        <TextField id="token-name" label="Name" name="name" placeholder="e.g. web app pool reports" />
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
