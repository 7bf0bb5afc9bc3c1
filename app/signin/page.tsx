import type { Metadata } from 'next';
import { SignInForm } from '@/components/auth/sign-in-form';

export const metadata: Metadata = { title: 'Sign in · Lifeguard' };

type Props = { searchParams: Promise<{ email?: string | string[] }> };

/** `?email=` prefills the address (the demo prints such a link for its viewer account). */
export default async function SignInPage({ searchParams }: Props) {
  const { email } = await searchParams;
  return (
    <>
      <h1>Sign in</h1>
      <p>Sign in with your Lifeguard account. Automation, and a Lifeguard without accounts, can use the admin token (LIFEGUARD_ADMIN_TOKEN); this browser then keeps it in an http-only cookie.</p>
      <SignInForm email={typeof email === 'string' ? email : undefined} />
    </>
  );
}
