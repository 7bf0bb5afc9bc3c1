'use client';

import { formatNumber } from '@/lib/browser/format';
import type { RemediationSession } from '@/lib/remediation/schema';

/** The sessions a dry run found (or an execution signalled), oldest in its state first. */
export function SessionList({ sessions, testId }: { sessions: readonly RemediationSession[]; testId: string }) {
  return (
    <div className="table-scroll stop-it-sessions">
      <table className="holders compact" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col" className="num">pid</th>
            <th scope="col">Application</th>
            <th scope="col">Client address</th>
            <th scope="col">State</th>
            <th scope="col" className="num">In state (s)</th>
            <th scope="col">Role</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <tr key={session.pid} data-testid="stop-it-session" data-pid={session.pid}>
              <td className="num mono">{session.pid}</td>
              <td>{session.application === '' ? <span className="muted">(no application_name)</span> : session.application}</td>
              <td className="mono">{session.clientAddr ?? <span className="muted">local socket</span>}</td>
              <td>{session.state ?? <span className="muted">hidden</span>}</td>
              <td className="num">{formatNumber(session.ageSeconds, 1)}</td>
              <td className="mono">{session.role ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "3 applications: worksmart-web 40, (none) 2" — the dry run's shape in one line. */
export function sessionSummary(sessions: readonly RemediationSession[]): string {
  const byApplication = new Map<string, number>();
  for (const session of sessions) byApplication.set(session.application, (byApplication.get(session.application) ?? 0) + 1);
  return [...byApplication.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name === '' ? '(no application_name)' : name} ${count}`)
    .join(', ');
}
