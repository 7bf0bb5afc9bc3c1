'use client';

import { useState } from 'react';
import { Instant } from '@/components/ui/instant';
import { formatNumber } from '@/lib/client/format';
import { usePoolEvidence } from '@/lib/client/hooks/use-pool-evidence';
import { usageLevel } from '@/lib/client/status';
import type { ChecklistItemView, PoolEvidence } from '@/lib/incidents/types';

/**
 * "Did we check the connection pool?" answers itself: while unticked, the linked targets' pool
 * right now; once ticked, what was saved with the tick.
 */
export function PoolEvidencePanel({ incidentId, item, hasTargets }: { incidentId: string; item: ChecklistItemView; hasTargets: boolean }) {
  // Once ticked, the saved evidence is the answer; the live figures stay one click away (and unfetched until then).
  const [showLive, setShowLive] = useState(false);
  const liveShown = hasTargets && (!item.checked || showLive);
  const live = usePoolEvidence(incidentId, liveShown);
  return (
    <div className="pool-evidence" data-testid="pool-evidence">
      {item.checked && item.evidence && item.evidence.length > 0 && (
        <div data-testid="saved-evidence">
          <h3>Saved with the tick</h3>
          {item.evidence.map((e) => (
            <EvidenceBlock key={e.targetId} evidence={e} />
          ))}
        </div>
      )}
      {hasTargets && item.checked && (
        <button type="button" className="link-button" onClick={() => setShowLive(!showLive)} aria-expanded={showLive}>
          {showLive ? 'Hide the live figures' : 'Show the live figures'}
        </button>
      )}
      {liveShown && (
        <div data-testid="live-evidence">
          <h3>
            Live now <span className="feed-dot inline-dot" aria-hidden="true" />
          </h3>
          {live.isPending && <p className="muted">Reading the pool…</p>}
          {live.error && <p className="banner banner-warning">Pool evidence unavailable: {live.error.message}</p>}
          {live.data?.map((e) => (
            <EvidenceBlock key={e.targetId} evidence={e} />
          ))}
        </div>
      )}
      {!hasTargets && <p className="muted">Link the incident to a target to see its pool here.</p>}
    </div>
  );
}

function EvidenceBlock({ evidence }: { evidence: PoolEvidence }) {
  const level = usageLevel(evidence.usagePercent);
  return (
    <div className="evidence" data-target-id={evidence.targetId}>
      <p className="evidence-head">
        <strong>{evidence.targetName}</strong>{' '}
        <span className={`usage-${level} evidence-usage`} data-testid="evidence-usage">
          {evidence.usagePercent === null ? '–' : `${formatNumber(evidence.usagePercent)}%`}
        </span>{' '}
        <span className="muted">
          {formatNumber(evidence.total)} of {formatNumber(evidence.usableConnections)} usable connections (max_connections {formatNumber(evidence.maxConnections)}) at <Instant at={evidence.at} />
        </span>
      </p>
      {evidence.error && <p className="banner banner-critical">{evidence.error}</p>}
      {evidence.topHolders.length > 0 && (
        <table className="holders compact">
          <thead>
            <tr>
              <th scope="col">Application</th>
              <th scope="col">Client address</th>
              <th scope="col" className="num">Total</th>
              <th scope="col" className="num">Idle in tx</th>
            </tr>
          </thead>
          <tbody>
            {evidence.topHolders.map((h) => (
              <tr key={`${h.name}\u0000${h.clientAddr ?? ''}`}>
                <td>{h.name || <span className="muted">(no application_name)</span>}</td>
                <td className="mono">{h.clientAddr ?? <span className="muted">local socket</span>}</td>
                <td className="num">{formatNumber(h.total)}</td>
                <td className={h.idleInTransaction > 0 ? 'num warn-text' : 'num'}>{formatNumber(h.idleInTransaction)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
