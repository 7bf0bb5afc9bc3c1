'use client';

import { FindingDetails } from '@/components/finding/finding-details';
import { Instant } from '@/components/ui/instant';
import { isSaturated } from '@/lib/browser/alerts';
import { useIncidentFindings } from '@/lib/browser/hooks/use-finding';
import { useTickChecklistItem } from '@/lib/browser/hooks/use-incident';
import { useScrollToHash } from '@/lib/browser/hooks/use-hash-target';
import { useMayAct } from '@/lib/browser/hooks/use-session';
import { withPerson } from '@/lib/browser/person';
import type { IncidentView } from '@/lib/incidents/types';

/**
 * "Did we check the connection pool?" answered at the top of the incident, not item 4 of a list:
 * while a linked target is saturated the finding is shown here live, and ticking saves it (the
 * server stores the findings with the tick), after which the saved finding shows in its place.
 * The firing-alert banner links here (#pool-check).
 */
export function PoolCheckTop({ incident }: { incident: IncidentView }) {
  const item = incident.checklist.find((i) => i.kind === 'pool_check');
  const hasTargets = incident.targets.length > 0;
  // Shares its cache with the checklist's own pool panel: one request for both.
  const live = useIncidentFindings(incident.id, hasTargets && item !== undefined && !item.checked);
  const tick = useTickChecklistItem(incident.id);
  const mayTick = useMayAct('responder');
  const saved = item?.checked ? (item.evidence ?? []).filter(isSaturated) : [];
  const saturated = item && !item.checked ? (live.data ?? []).filter(isSaturated) : [];
  const shown = saved.length > 0 || saturated.length > 0;
  useScrollToHash('pool-check', shown || live.isFetched);

  if (!item || !shown) return <div id="pool-check" />;
  return (
    <section id="pool-check" className="panel pool-check-top" data-testid="pool-finding" data-saved={String(item.checked)} aria-labelledby="pool-check-title">
      <div className="panel-head">
        <h2 id="pool-check-title">{item.text}</h2>
        {mayTick && (
          <label className="inline-field pool-check-tick">
            <input
              type="checkbox"
              checked={item.checked}
              disabled={tick.isPending}
              onChange={() => withPerson((by) => tick.mutate({ itemId: item.id, checked: !item.checked, by }))}
              data-testid="pool-check-tick"
            />
            {item.checked ? 'checked' : 'Tick to record this finding'}
          </label>
        )}
      </div>
      {item.checked && item.checkedBy && item.checkedAt ? (
        <p className="muted" data-testid="pool-finding-saved">
          Saved with the tick by <strong>{item.checkedBy}</strong> at <Instant at={item.checkedAt} />.
        </p>
      ) : (
        <p className="muted">
          Live now <span className="feed-dot inline-dot" aria-hidden="true" />: the linked {saturated.length === 1 ? 'target is' : 'targets are'} saturated.
        </p>
      )}
      {tick.error && <p className="banner banner-critical">Tick not saved: {tick.error.message}</p>}
      {(item.checked ? saved : saturated).map((finding) => (
        <FindingDetails key={finding.targetId} finding={finding} />
      ))}
    </section>
  );
}
