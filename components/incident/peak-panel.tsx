'use client';

import Link from 'next/link';
import { CauseList } from '@/components/finding/cause-list';
import { DataTable, type Column } from '@/components/ui/data-table';
import { Instant } from '@/components/ui/instant';
import { formatNumber } from '@/lib/browser/format';
import { useIncidentPeak } from '@/lib/browser/hooks/use-finding';
import { targetPageHref } from '@/lib/browser/moment';
import type { IncidentPeak } from '@/lib/finding/peak';
import type { IncidentView } from '@/lib/incidents/types';

const HOLDERS_SHOWN = 10;
// The holders table's columns, without the share (a peak is read against its own total).
const COLUMNS: Column[] = [{ label: 'Application' }, { label: 'Client address' }, { label: 'Total', num: true }, { label: 'Active', num: true }, { label: 'Idle', num: true }, { label: 'Idle in tx', num: true }];
/** The target page opens on the peak with this much on either side of it. */
const AROUND_MS = 15 * 60_000;

/**
 * Who held the connections at the peak: for each linked target, the sample with the most
 * connections inside the incident window, its holders and its causes — the moment a postmortem
 * is written about, kept even after the flood is gone.
 */
export function PeakPanel({ incident }: { incident: IncidentView }) {
  const peaks = useIncidentPeak(incident.id, incident.resolvedAt === null);
  if (incident.targets.length === 0) return null;
  return (
    <section className="panel panel-wide peak-panel" data-testid="peak-panel" aria-labelledby="peak-title">
      <h2 id="peak-title">Who held the connections at the peak</h2>
      {peaks.isPending && <p className="muted">Looking for the peak…</p>}
      {peaks.error && <p className="banner banner-warning">Peak unavailable: {peaks.error.message}</p>}
      {peaks.data?.map((peak) => (
        <TargetPeak key={peak.targetId} peak={peak} />
      ))}
    </section>
  );
}

function TargetPeak({ peak }: { peak: IncidentPeak }) {
  const snapshot = peak.snapshot;
  if (!snapshot) {
    return (
      <p className="muted" data-testid="peak-none">
        <strong>{peak.targetName}</strong>: no sample with figures is kept for the incident window.
      </p>
    );
  }
  const at = Date.parse(snapshot.at);
  const holders = [...snapshot.applications].sort((a, b) => b.total - a.total);
  return (
    <div className="finding" data-testid="peak" data-target-id={peak.targetId}>
      <p className="finding-head">
        <strong>{peak.targetName}</strong>: {formatNumber(snapshot.total)} of {formatNumber(snapshot.usableConnections)} usable connections at <Instant at={snapshot.at} />{' '}
        <Link href={targetPageHref(peak.targetId, { kind: 'absolute', from: at - AROUND_MS, to: at + AROUND_MS }, at)}>look around that moment</Link>
      </p>
      {snapshot.error && <p className="banner banner-critical">{snapshot.error}</p>}
      <h4>Why</h4>
      <CauseList causes={snapshot.causes} />
      <h4>Who held them</h4>
      <DataTable columns={COLUMNS} className="holders compact" scroll={false}>
        {holders.slice(0, HOLDERS_SHOWN).map((h) => (
          <tr key={`${h.name}\u0000${h.clientAddr ?? ''}`} data-testid="peak-holder" data-application={h.name}>
            <td>{h.name === '' ? <span className="muted">(no application_name)</span> : h.name}</td>
            <td className="mono">{h.clientAddr ?? <span className="muted">local socket</span>}</td>
            <td className="num">{formatNumber(h.total)}</td>
            <td className="num">{formatNumber(h.active)}</td>
            <td className="num">{formatNumber(h.idle)}</td>
            <td className="num">{formatNumber(h.idleInTransaction)}</td>
          </tr>
        ))}
      </DataTable>
      {holders.length > HOLDERS_SHOWN && <p className="muted">and {holders.length - HOLDERS_SHOWN} more</p>}
    </div>
  );
}
