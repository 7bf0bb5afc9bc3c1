'use client';

import Link from 'next/link';
import { CauseList } from '@/components/finding/cause-list';
import { formatUtc } from '@/lib/browser/incident-time';
import { useNow } from '@/lib/browser/hooks/use-now';
import { useSnapshotAt } from '@/lib/browser/hooks/use-snapshots';
import { momentLabel, targetPageHref } from '@/lib/browser/moment';
import type { TimeRange } from '@/lib/browser/time-range';
import { HoldersTable } from './holders-table';

/**
 * Time travel: a clicked moment of the chart, kept in the URL (?at=), shows the holders and causes
 * of the sample at or before it instead of the live ones, under a bar that says so and leads back.
 */
export function MomentPanel({ targetId, range, at }: { targetId: string; range: TimeRange; at: number }) {
  const moment = useSnapshotAt(targetId, at);
  // 0 on the server and at hydration: the viewer's zone is unknown there, so UTC until then.
  const now = useNow(60_000);
  // The sample's own time once known: that is the moment the figures are from.
  const shown = moment.data ? Date.parse(moment.data.at) : at;
  const label = now > 0 ? momentLabel(shown, now) : formatUtc(shown);
  return (
    <>
      <div className="moment-bar" role="status" data-testid="moment-bar">
        <span>
          Viewing <time dateTime={new Date(shown).toISOString()} title={formatUtc(shown)} data-testid="moment-time">{label}</time>
        </span>
        <Link href={targetPageHref(targetId, range, null)} scroll={false} data-testid="back-to-live">
          back to live
        </Link>
      </div>
      <section className="panel panel-wide" data-testid="moment" aria-labelledby="moment-title">
        <h2 id="moment-title">Why, at that moment</h2>
        {moment.isPending && <p className="muted">Reading the sample…</p>}
        {moment.error && <p className="banner banner-warning">That moment is unavailable: {moment.error.message}</p>}
        {moment.data === null && <p className="muted">No sample is kept from that far back.</p>}
        {moment.data && (
          <>
            {moment.data.error && <p className="banner banner-critical">{moment.data.error}</p>}
            {moment.data.total === null ? <p className="muted">Lifeguard could not read the target at that moment.</p> : <CauseList causes={moment.data.causes} />}
          </>
        )}
      </section>
      {moment.data && moment.data.total !== null && <HoldersTable snapshot={moment.data} title={`Who held the connections at ${label}`} />}
    </>
  );
}
