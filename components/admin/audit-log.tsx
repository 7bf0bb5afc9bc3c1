'use client';

import { DataTable, type Column } from '@/components/ui/data-table';
import { ErrorBanner } from '@/components/ui/error-banner';
import { useAudit } from '@/lib/browser/hooks/use-audit';

const COLUMNS: Column[] = [{ label: 'When' }, { label: 'Who' }, { label: 'What' }, { label: 'Subject' }, { label: 'Details' }];

export function AuditLog() {
  const audit = useAudit();
  const error = audit.error?.message;
  return (
    <>
      <ErrorBanner>{error}</ErrorBanner>
      <DataTable columns={COLUMNS} className="data-table" scroll={false}>
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
      </DataTable>
    </>
  );
}
