import type { Metadata } from 'next';
import { SetupForm } from '@/components/admin/setup-form';
import { hasUsers } from '@/lib/accounts/users';
import { getDb } from '@/lib/runtime';

export const metadata: Metadata = { title: 'Set up · Lifeguard' };
export const dynamic = 'force-dynamic';

/** One-time: the first admin, from this machine only (the API checks; the page just explains). */
export default async function SetupPage() {
  const done = await hasUsers(await getDb());
  return (
    <>
      <h1>Set up Lifeguard</h1>
      {done ? (
        <p>Setup is done: an account exists. <a href="/signin">Sign in</a>.</p>
      ) : (
        <>
          <p>Create the first admin. This works only from the machine Lifeguard runs on, with the code printed in its log at start-up.</p>
          <SetupForm />
        </>
      )}
    </>
  );
}
