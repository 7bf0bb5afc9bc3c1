'use client';

import { FindingDetails } from '@/components/finding/finding-details';
import { useTargetFinding } from '@/lib/browser/hooks/use-finding';
import { useHashIs, useScrollToHash } from '@/lib/browser/hooks/use-hash-target';

/**
 * The finding of a target in trouble. Shown while the target is saturated or refusing, or
 * while a connection alert of it fires (the alert's hysteresis keeps the panel from flickering
 * as usage hovers at 95 %), or when a link asked for it (#finding).
 */
export function FindingPanel({ targetId, inTrouble }: { targetId: string; inTrouble: boolean }) {
  const asked = useHashIs('finding');
  const shown = inTrouble || asked;
  const finding = useTargetFinding(targetId, shown);
  useScrollToHash('finding', shown && finding.data !== undefined);
  if (!shown) return null;
  return (
    <section id="finding" className="panel panel-wide finding-panel" data-testid="finding-panel" aria-labelledby="finding-title">
      <h2 id="finding-title">Finding: who is using up the connections</h2>
      {finding.isPending && <p className="muted">Reading the pool…</p>}
      {finding.error && <p className="banner banner-warning">Finding unavailable: {finding.error.message}</p>}
      {finding.data && <FindingDetails finding={finding.data} />}
    </section>
  );
}
