import type { Metadata } from 'next';
import { SignInForm } from '@/components/auth/sign-in-form';

export const metadata: Metadata = { title: 'Sign in · Lifeguard' };

export default function SignInPage() {
  return (
    <>
      <h1>Sign in</h1>
      <p>This Lifeguard is protected by an admin token (LIFEGUARD_ADMIN_TOKEN). Paste it once; this browser keeps it in an http-only cookie.</p>
      <SignInForm />
    </>
  );
}
