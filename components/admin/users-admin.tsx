'use client';

import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { DataTable, type Column } from '@/components/ui/data-table';
import { ErrorBanner } from '@/components/ui/error-banner';
import { TextField } from '@/components/ui/text-field';
import { ROLES } from '@/lib/accounts/choices';
import type { userUpdateSchema } from '@/lib/accounts/schema';
import type { UserView } from '@/lib/accounts/users';
import { useCreateUser, useUpdateUser, useUsers } from '@/lib/browser/hooks/use-users';
import { checkWith } from '@/lib/browser/lazy-schema';

type UserChange = z.input<typeof userUpdateSchema>;

const COLUMNS: Column[] = [{ label: 'Email' }, { label: 'Name' }, { label: 'Role' }, { label: 'Status' }, { label: 'Actions', actions: true }];

export function UsersAdmin() {
  const users = useUsers();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [formError, setFormError] = useState<string>();
  const pending = create.isPending || update.isPending;
  const error = formError ?? users.error?.message;

  const change = (user: UserView, input: UserChange) => {
    setFormError(undefined);
    update.mutate({ id: user.id, ...input }, { onError: (caught) => setFormError(caught.message) });
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const parsed = await checkWith(() => import('@/lib/accounts/schema').then((m) => m.userCreateSchema), Object.fromEntries(new FormData(form)));
    if (parsed.error !== undefined) return setFormError(parsed.error);
    setFormError(undefined);
    create.mutate(parsed.data, { onSuccess: () => form.reset(), onError: (caught) => setFormError(caught.message) });
  };

  const resetPassword = (user: UserView) => {
    const password = window.prompt(`New password for ${user.email} (at least 12 characters)`);
    if (password) change(user, { password });
  };

  return (
    <>
      <ErrorBanner>{error}</ErrorBanner>
      <DataTable columns={COLUMNS} className="data-table" scroll={false}>
        {users.data?.map((user) => (
          <tr key={user.id}>
            <td>{user.email}</td>
            <td>{user.displayName}</td>
            <td>
              <select aria-label={`Role of ${user.email}`} value={user.role} disabled={pending} onChange={(event) => change(user, { role: event.target.value as UserView['role'] })}>
                {ROLES.map((role) => (
                  <option key={role}>{role}</option>
                ))}
              </select>
            </td>
            <td>{user.disabledAt ? 'disabled' : 'active'}</td>
            <td>
              <button type="button" disabled={pending} onClick={() => change(user, { disabled: !user.disabledAt })}>
                {user.disabledAt ? 'Enable' : 'Disable'}
              </button>
              <button type="button" disabled={pending} onClick={() => resetPassword(user)}>
                Reset password
              </button>
            </td>
          </tr>
        ))}
      </DataTable>
      <h2>Add a user</h2>
      <form className="add-target" onSubmit={submit} noValidate>
        <TextField id="user-email" label="Email" name="email" type="email" autoComplete="off" />
        <TextField id="user-name" label="Display name" name="displayName" />
        <div className="field">
          <label htmlFor="user-role">Role</label>
          <select id="user-role" name="role" defaultValue="viewer">
            {ROLES.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        </div>
        <TextField id="user-password" label="Password" name="password" type="password" autoComplete="new-password" />
        <button type="submit" disabled={pending}>
          Add user
        </button>
      </form>
    </>
  );
}
