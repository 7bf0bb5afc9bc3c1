'use client';

import Link from 'next/link';
import { ApplicationCharts } from '@/components/applications/application-charts';
import { InstancesTable } from '@/components/applications/instances-table';
import type { ApplicationSummary } from '@/lib/applications/types';
import { applicationHref, instancesLine } from '@/lib/browser/applications';
import { formatNumber } from '@/lib/browser/format';
import { useApplications } from '@/lib/browser/hooks/use-applications';
import type { TimeRange } from '@/lib/browser/time-range';

/** A panel per application reporting for this target: its latency, errors and refusals, its pools, and its instances. */
export function ApplicationPanels({ targetId, range }: { targetId: string; range: TimeRange }) {
  const applications = useApplications({ targetId, range });
  return (
    <>
      {(applications.data ?? []).map((app) => (
        <ApplicationPanel key={app.name} app={app} range={range} />
      ))}
    </>
  );
}

function ApplicationPanel({ app, range }: { app: ApplicationSummary; range: TimeRange }) {
  const latest = app.latest;
  return (
    <section className="panel panel-wide" data-testid="application-panel" data-application={app.name}>
      <h2>
        <Link href={applicationHref(app.name, range)}>{app.name}</Link> <span className="muted">{instancesLine(app)}</span>
      </h2>
      {latest && (
        <p className="muted" data-testid="application-latest">
          Now: {formatNumber(latest.total)} of {formatNumber(latest.poolMax)} pool connections, {formatNumber(latest.waiting)} waiting, p95{' '}
          {formatNumber(latest.p95Ms, 1)} ms, {latest.errorRate === null ? 'no queries' : `${formatNumber(latest.errorRate, 2)}% errors`}
          {latest.refusals ? `, ${formatNumber(latest.refusals)} refused` : ''}
        </p>
      )}
      <ApplicationCharts name={app.name} range={range} height={160} />
      <details>
        <summary>Instances ({app.instances.length})</summary>
        <InstancesTable app={app} />
      </details>
    </section>
  );
}
