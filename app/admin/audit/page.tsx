import type { Metadata } from 'next';
import { AuditLog } from '@/components/admin/audit-log';

export const metadata: Metadata = { title: 'Audit log · Lifeguard' };

export default function AdminAuditLogPage() {
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">Who changed targets, rules, receivers, checklist templates, silences, users and tokens, newest first.</p>
      <AuditLog />
    </>
  );
}
