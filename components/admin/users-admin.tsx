'use client';

import { useState, type FormEvent } from 'react';
import { ROLES, userCreateSchema, type UserRole } from '@/lib/accounts/schema';
import { apiRequest, ApiError } from '@/lib/browser/api';
import { useAdminList } from './use-admin-list';

type User = { id: string; email: string; displayName: string; role: UserRole; disabledAt: string | null };

export function UsersAdmin() {
  const { items, error, setError, reload } = useAdminList<User>('/api/users');
  const [pending, setPending] = useState(false);

  const send = async (path: string, method: string, body: unknown) => {
    setPending(true);
    try {
      await apiRequest(path, { method, body: JSON.stringify(body) });
      reload();
      return true;
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'failed');
      return false;
    } finally {
      setPending(false);
    }
  };

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const parsed = userCreateSchema.safeParse(Object.fromEntries(new FormData(form)));
    if (!parsed.success) return setError(parsed.error.issues[0]?.message);
    if (await send('/api/users', 'POST', parsed.data)) form.reset();
  };

  const resetPassword = (user: User) => {
    const password = window.prompt(`New password for ${user.email} (at least 12 characters)`);
    if (password) void send(`/api/users/${user.id}`, 'PATCH', { password });
  };

  return (
    <>
      {error && (
        <p className="banner banner-critical" role="alert">
          {error}
        </p>
      )}
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
          {items.map((user) => (
            <tr key={user.id}>
              <td>{user.email}</td>
              <td>{user.displayName}</td>
              <td>
                <select aria-label={`Role of ${user.email}`} value={user.role} disabled={pending} onChange={(event) => void send(`/api/users/${user.id}`, 'PATCH', { role: event.target.value })}>
                  {ROLES.map((role) => (
                    <option key={role}>{role}</option>
                  ))}
                </select>
              </td>
              <td>{user.disabledAt ? 'disabled' : 'active'}</td>
              <td>
                <button type="button" disabled={pending} onClick={() => void send(`/api/users/${user.id}`, 'PATCH', { disabled: !user.disabledAt })}>
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
      <form className="add-target" onSubmit={create} noValidate>
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
