'use client';

import { ErrorBanner } from '@/components/ui/form-parts';
import { useAudit } from '@/lib/browser/hooks/use-audit';

export function AuditLog() {
  const audit = useAudit();
  const error = audit.error?.message;
  return (
    <>
      <ErrorBanner>{error}</ErrorBanner>
      <table className="data-table">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>What</th>
            <th>Subject</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {audit.data?.map((entry) => (
            <tr key={entry.id}>
              <td>{new Date(entry.at).toLocaleString()}</td>
              <td>{entry.actor}</td>
              <td>{entry.action}</td>
              <td>
                {entry.subjectType} {entry.subjectId?.slice(0, 8)}
              </td>
              <td>
                <code>{entry.details === null ? '' : JSON.stringify(entry.details)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
