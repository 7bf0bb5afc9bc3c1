import type { Metadata } from 'next';
import { UsersAdmin } from '@/components/admin/users-admin';

export const metadata: Metadata = { title: 'Users · Lifeguard' };

export default function AdminUsersAdminPage() {
  return (
    <>
      <h1>Users</h1>
      <p className="muted">Accounts and their roles: viewers read, responders work incidents and alerts, admins change targets, rules, receivers, users and tokens.</p>
      <UsersAdmin />
    </>
  );
}
