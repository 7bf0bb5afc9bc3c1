import type { Metadata } from 'next';
import { TokensAdmin } from '@/components/admin/tokens-admin';

export const metadata: Metadata = { title: 'API tokens · Lifeguard' };

export default function AdminTokensAdminPage() {
  return (
    <>
      <h1>API tokens</h1>
      <p className="muted">Bearer tokens for automation: ingest (pool reports only), read (viewer) or admin. Stored hashed; shown once.</p>
      <TokensAdmin />
    </>
  );
}
