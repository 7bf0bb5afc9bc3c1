'use client';

import { useState } from 'react';
import { FindingDetails } from '@/components/finding/finding-details';
import { isSaturated } from '@/lib/browser/alerts';
import { useIncidentFindings } from '@/lib/browser/hooks/use-finding';
import type { ChecklistItemView } from '@/lib/incidents/types';

/**
 * "Did we check the connection pool?" answers itself: while unticked, the linked targets' pool
 * right now; once ticked, what was saved with the tick.
 */
export function PoolCheckFindings({ incidentId, item, hasTargets }: { incidentId: string; item: ChecklistItemView; hasTargets: boolean }) {
  // Once ticked, the saved findings are the answer; the live figures stay one click away (and unfetched until then).
  const [showLive, setShowLive] = useState(false);
  const liveShown = hasTargets && (!item.checked || showLive);
  const live = useIncidentFindings(incidentId, liveShown);
  return (
    <div className="pool-check-findings" data-testid="pool-check-findings">
      {item.checked && item.evidence && item.evidence.length > 0 && (
        <div data-testid="saved-findings">
          <h3>Saved with the tick</h3>
          {item.evidence.map((finding) => (isSaturated(finding) ? <AtTheTop key={finding.targetId} name={finding.targetName} /> : <FindingDetails key={finding.targetId} finding={finding} />))}
        </div>
      )}
      {hasTargets && item.checked && (
        <button type="button" className="link-button" onClick={() => setShowLive(!showLive)} aria-expanded={showLive}>
          {showLive ? 'Hide the live figures' : 'Show the live figures'}
        </button>
      )}
      {liveShown && (
        <div data-testid="live-findings">
          <h3>
            Live now <span className="feed-dot inline-dot" aria-hidden="true" />
          </h3>
          {live.isPending && <p className="muted">Reading the pool…</p>}
          {live.error && <p className="banner banner-warning">Findings unavailable: {live.error.message}</p>}
          {/* Unticked, a saturated target's finding is at the top of the page (PoolCheckTop): not twice. */}
          {live.data?.map((finding) =>
            !item.checked && isSaturated(finding) ? <AtTheTop key={finding.targetId} name={finding.targetName} /> : <FindingDetails key={finding.targetId} finding={finding} />,
          )}
        </div>
      )}
      {!hasTargets && <p className="muted">Link the incident to a target to see its pool here.</p>}
    </div>
  );
}

function AtTheTop({ name }: { name: string }) {
  return (
    <p className="evidence">
      <strong>{name}</strong> is saturated: <a href="#pool-check">the finding is at the top of the page</a>.
    </p>
  );
}
