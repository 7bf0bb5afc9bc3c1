'use client';

import Link from 'next/link';
import { TimeRangePicker } from '@/components/target/time-range-picker';
import { applicationHref, instancesLine } from '@/lib/browser/applications';
import { formatNumber } from '@/lib/browser/format';
import { useApplications } from '@/lib/browser/hooks/use-applications';
import { useTargets } from '@/lib/browser/hooks/use-targets';
import type { TimeRange } from '@/lib/browser/time-range';
import { ApplicationCharts } from './application-charts';
import { InstancesTable } from './instances-table';

/** What one application's users feel over a range, its pools, and each instance's part in it. */
export function ApplicationDashboard({ name, range, rangeError }: { name: string; range: TimeRange; rangeError: string | null }) {
  const applications = useApplications({ range });
  const targets = useTargets();
  const app = applications.data?.find((a) => a.name === name) ?? null;
  const targetIds = new Map((targets.data ?? []).map((t) => [t.name, t.id]));
  return (
    <>
      <header className="target-header">
        <h1 data-testid="application-name">{name}</h1>
        {app && (
          <p className="muted" data-testid="application-summary">
            {instancesLine(app)}
            {app.targets.length > 0 && (
              <>
                {' '}
                on{' '}
                {app.targets.map((target, i) => (
                  <span key={target}>
                    {i > 0 && ', '}
                    {targetIds.has(target) ? <Link href={`/targets/${encodeURIComponent(targetIds.get(target) ?? '')}`}>{target}</Link> : target}
                  </span>
                ))}
              </>
            )}
            {app.latest && (
              <>
                {' '}
                · now {formatNumber(app.latest.total)} of {formatNumber(app.latest.poolMax)} pool connections, p95 {formatNumber(app.latest.p95Ms, 1)} ms
              </>
            )}
          </p>
        )}
      </header>
      <TimeRangePicker basePath={applicationHref(name)} range={range} error={rangeError} />
      {/* Charts only for an application that reported in the range: otherwise every series would answer 404. */}
      {app && <ApplicationCharts name={name} range={range} />}
      <section className="panel panel-wide">
        <h2>Instances</h2>
        {applications.error && <p className="banner banner-warning">Instances unavailable: {applications.error.message}</p>}
        {applications.isPending && <p className="muted">Loading…</p>}
        {applications.data && !app && <p className="muted">No instance of {name} reported its pool in this range.</p>}
        {app && <InstancesTable app={app} />}
      </section>
    </>
  );
}
