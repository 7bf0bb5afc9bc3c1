'use client';

import { useAdminList } from './use-admin-list';

type Entry = { id: string; at: string; actor: string; action: string; subjectType: string; subjectId: string | null; details: unknown };

export function AuditLog() {
  const { items, error } = useAdminList<Entry>('/api/audit');
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
            <th>When</th>
            <th>Who</th>
            <th>What</th>
            <th>Subject</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {items.map((entry) => (
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
