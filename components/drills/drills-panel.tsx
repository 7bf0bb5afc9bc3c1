'use client';

import dynamic from 'next/dynamic';
import { ErrorBanner } from '@/components/ui/error-banner';
import { formatNumber } from '@/lib/browser/format';
import { useCancelDrill, useDrills, useTargetSettings, useUpdateTargetSettings } from '@/lib/browser/hooks/use-drills';
import { useMayAct } from '@/lib/browser/hooks/use-session';
import { formatDuration } from '@/lib/format/duration';
import { DrillCurveChart } from './drill-curve-chart';
import { DrillHistory, refusalAfter } from './drill-history';

/* The form validates with zod (the API's own schema): loaded only for an admin on a target that allows drills. */
const DrillForm = dynamic(() => import('./drill-form').then((module) => module.DrillForm), { ssr: false });

/**
 * Drills on the target page: the flood of `npm run demo`, run on purpose against this database.
 * The button only appears once an admin has allowed drills here, after a warning, because a drill
 * really does exhaust the server's connections for everyone using it. Allowing, starting and
 * cancelling are for admins only, so nobody else is offered them.
 */
export function DrillsPanel({ targetId }: { targetId: string }) {
  const settings = useTargetSettings(targetId);
  const update = useUpdateTargetSettings(targetId);
  const drills = useDrills(targetId);
  const cancel = useCancelDrill(targetId);
  const isAdmin = useMayAct('admin');
  const allowed = settings.data?.allowDrills ?? false;
  const running = drills.data?.find((drill) => drill.status === 'running');

  return (
    <section className="panel panel-wide" data-testid="drills-panel" data-allowed={String(allowed)}>
      <h2>Drills</h2>
      {settings.error && <p className="banner banner-warning">Settings unavailable: {settings.error.message}</p>}
      <ErrorBanner>{update.error?.message}</ErrorBanner>
      {settings.data && !allowed && (
        <>
          <p className="banner banner-warning">
            A drill floods this database with connections from a simulated app fleet until it refuses new ones — every
            application using it will be refused too while it runs. Allow drills only on a database meant for rehearsal
            or during a planned stress test.
          </p>
          {isAdmin && (
            <button type="button" disabled={update.isPending} onClick={() => update.mutate({ allowDrills: true })} data-testid="allow-drills">
              Allow drills on this target
            </button>
          )}
        </>
      )}
      {allowed && isAdmin && (
        <>
          <p className="muted">
            The drill connects with this target&apos;s own URL and role (which must be allowed to connect; a superuser
            would use the reserved slots and never be refused).{' '}
            <button type="button" className="link-button" disabled={update.isPending || running !== undefined} onClick={() => update.mutate({ allowDrills: false })}>
              Disallow drills
            </button>
          </p>
          <DrillForm targetId={targetId} disabled={running !== undefined} />
        </>
      )}
      {running && (
        <div data-testid="drill-live">
          <p>
            {/* One curve point a second: its length is how long the drill has run. */}
            Running: <strong>{formatDuration(running.latencyCurve.length)}</strong> of {formatDuration(running.params.durationSeconds)}, peak{' '}
            <strong>{formatNumber(running.peakConnections)}</strong> connections, first refusal {refusalAfter(running)}.{' '}
            {isAdmin && (
              <button type="button" disabled={cancel.isPending} onClick={() => cancel.mutate(running.id)} data-testid="cancel-drill">
                {cancel.isPending ? 'Stopping…' : 'Cancel'}
              </button>
            )}
          </p>
          {cancel.error && <p className="banner banner-critical">{cancel.error.message}</p>}
          <DrillCurveChart report={running} />
        </div>
      )}
      {drills.error && <p className="banner banner-warning">Drills unavailable: {drills.error.message}</p>}
      {drills.data && <DrillHistory drills={drills.data} />}
    </section>
  );
}
