'use client';

import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { ErrorBanner } from '@/components/ui/form-parts';
import { ROLES } from '@/lib/accounts/choices';
import type { userUpdateSchema } from '@/lib/accounts/schema';
import type { UserView } from '@/lib/accounts/users';
import { useCreateUser, useUpdateUser, useUsers } from '@/lib/browser/hooks/use-users';
import { checkWith } from '@/lib/browser/lazy-schema';

type UserChange = z.input<typeof userUpdateSchema>;

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
      <table className="data-table">
        <thead>
          <tr>
            <th>Email</th>
            <th>Name</th>
            <th>Role</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
      <h2>Add a user</h2>
      <form className="add-target" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="user-email">Email</label>
          <input id="user-email" name="email" type="email" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="user-name">Display name</label>
          <input id="user-name" name="displayName" />
        </div>
        <div className="field">
          <label htmlFor="user-role">Role</label>
          <select id="user-role" name="role" defaultValue="viewer">
            {ROLES.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="user-password">Password</label>
          <input id="user-password" name="password" type="password" autoComplete="new-password" />
        </div>
        <button type="submit" disabled={pending}>
          Add user
        </button>
      </form>
    </>
  );
}
