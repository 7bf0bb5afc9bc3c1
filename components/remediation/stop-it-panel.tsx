'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useState } from 'react';
import { ErrorBanner } from '@/components/ui/error-banner';
import { useTargetSettings, useUpdateTargetSettings } from '@/lib/browser/hooks/use-drills';
import { useSessionAction } from '@/lib/browser/hooks/use-remediation';
import { useSessionRole } from '@/lib/browser/hooks/use-session';
import { useSnapshot } from '@/lib/browser/hooks/use-snapshots';
import { useTarget } from '@/lib/browser/hooks/use-targets';
import type { RemediationAnswer, SessionAction, SessionActionRequest } from '@/lib/remediation/schema';
import { LastingFixes } from './lasting-fixes';
import { SessionList, sessionSummary } from './session-list';

/* The filter validates with zod (the API's own schema): loaded only for a responder, when the panel shows. */
const SessionFilterForm = dynamic(() => import('./session-filter-form').then((module) => module.SessionFilterForm), { ssr: false });

interface DryRun {
  action: SessionAction;
  input: SessionActionRequest;
  answer: RemediationAnswer;
}

/**
 * "Stop it": cancel queries or terminate sessions on a target, through Lifeguard's own connection
 * to it (which still works while the server refuses new ones). Filter → dry run → confirm →
 * result. Responders and admins only; off until an admin allows it, which admins can do here on
 * the target page (`allowToggle`). The API enforces all of this again.
 */
export function StopItPanel({ targetId, allowToggle }: { targetId: string; allowToggle: boolean }) {
  const role = useSessionRole();
  const target = useTarget(targetId);
  const settings = useTargetSettings(targetId);
  const update = useUpdateTargetSettings(targetId);
  const snapshot = useSnapshot(targetId);
  const act = useSessionAction(targetId);
  const [dryRun, setDryRun] = useState<DryRun | null>(null);
  const [result, setResult] = useState<RemediationAnswer | null>(null);

  if (role.data !== 'responder' && role.data !== 'admin') return null;
  if (target.data?.kind === 'pgbouncer') return null;
  const name = target.data?.name ?? 'this target';
  const allowed = settings.data?.allowRemediation ?? false;
  const applications = [...new Set((snapshot.data?.applications ?? []).map((holder) => holder.name).filter((app) => app !== ''))];

  const ask = (action: SessionAction, input: SessionActionRequest) => {
    setResult(null);
    act.mutate({ action, input }, { onSuccess: (answer) => setDryRun({ action, input, answer }) });
  };
  const confirm = (run: DryRun) => {
    const pids = run.answer.sessions.map((session) => session.pid);
    act.mutate(
      { action: run.action, input: { ...run.input, dryRun: false, pids } },
      {
        onSuccess: (answer) => {
          setResult(answer);
          setDryRun(null);
        },
      },
    );
  };

  return (
    <section className="panel panel-wide stop-it" data-testid="stop-it-panel" data-target-id={targetId} data-allowed={String(allowed)} aria-labelledby={`stop-it-${targetId}`}>
      <h2 id={`stop-it-${targetId}`}>Stop it: cancel queries or terminate sessions on {name}</h2>
      {settings.error && <p className="banner banner-warning">Settings unavailable: {settings.error.message}</p>}
      <ErrorBanner>{update.error?.message}</ErrorBanner>
      {settings.data && !allowed && (
        <Off targetId={targetId} name={name} role={monitoringRole(target.data?.url)} canAllow={allowToggle && role.data === 'admin'} pending={update.isPending} onAllow={() => update.mutate({ allowRemediation: true })} />
      )}
      {allowed && (
        <>
          <p className="muted">
            Runs over Lifeguard&apos;s own connection to {name}, so it works while the server refuses new connections. Never touches
            Lifeguard&apos;s sessions, superusers&apos; sessions or background processes.
            {allowToggle && role.data === 'admin' && (
              <>
                {' '}
                <button type="button" className="link-button" disabled={update.isPending} onClick={() => update.mutate({ allowRemediation: false })} data-testid="disallow-remediation">
                  Turn off
                </button>
              </>
            )}
          </p>
          <SessionFilterForm applications={applications} pending={act.isPending} onDryRun={ask} />
        </>
      )}
      <ErrorBanner testId="stop-it-error">{act.error?.message}</ErrorBanner>
      {allowed && dryRun && <DryRunPreview run={dryRun} pending={act.isPending} onConfirm={() => confirm(dryRun)} onDiscard={() => setDryRun(null)} />}
      {result && <Result answer={result} name={name} />}
    </section>
  );
}

function Off({ targetId, name, role, canAllow, pending, onAllow }: { targetId: string; name: string; role: string; canAllow: boolean; pending: boolean; onAllow: () => void }) {
  const grant = <code className="mono">GRANT pg_signal_backend TO {role};</code>;
  return (
    <div data-testid="stop-it-off">
      {canAllow ? (
        <p className="muted">
          Stopping sessions is off for {name}. Allow it where responders may end other people&apos;s sessions during an incident. Lifeguard&apos;s role on
          the database also needs {grant}
        </p>
      ) : (
        <p className="muted">
          Stopping sessions is off for {name}. An admin allows it in this panel on the <Link href={`/targets/${targetId}`}>target page</Link>, or with{' '}
          <code className="mono">PATCH /api/targets/{targetId} {'{"allowRemediation": true}'}</code>. Lifeguard&apos;s role on the database also needs {grant}
        </p>
      )}
      {canAllow && (
        <button type="button" disabled={pending} onClick={onAllow} data-testid="allow-remediation">
          Allow stopping sessions on this target (admins)
        </button>
      )}
    </div>
  );
}

function DryRunPreview({ run, pending, onConfirm, onDiscard }: { run: DryRun; pending: boolean; onConfirm: () => void; onDiscard: () => void }) {
  const { answer } = run;
  const verb = run.action === 'terminate' ? 'Terminate' : 'Cancel the queries of';
  return (
    <div className="stop-it-preview" data-testid="stop-it-preview" data-count={answer.count}>
      <h3>Dry run: nothing was done yet</h3>
      {answer.count === 0 ? (
        <p className="muted">No session matches. Loosen the filter and try again.</p>
      ) : (
        <>
          <p>
            <strong>{answer.count}</strong> {answer.count === 1 ? 'session matches' : 'sessions match'} now: {sessionSummary(answer.sessions)}. Only these, and only
            those still matching, will be touched.
          </p>
          <SessionList sessions={answer.sessions} testId="stop-it-dry-run-list" />
          <p className="stop-it-confirm">
            <button type="button" className="danger" disabled={pending} onClick={onConfirm} data-testid="stop-it-confirm">
              {pending ? 'Working…' : `${verb} ${answer.count} ${answer.count === 1 ? 'session' : 'sessions'}`}
            </button>{' '}
            <button type="button" className="link-button" disabled={pending} onClick={onDiscard}>
              Discard
            </button>
          </p>
        </>
      )}
      <LastingFixes fixes={answer.fixes} />
    </div>
  );
}

function Result({ answer, name }: { answer: RemediationAnswer; name: string }) {
  const done = answer.action === 'terminate' ? 'terminated' : 'had their queries cancelled';
  return (
    <div className="stop-it-result" data-testid="stop-it-result" data-count={answer.count}>
      <p className="banner banner-ok" role="status">
        PostgreSQL reports {answer.count} {answer.count === 1 ? 'session' : 'sessions'} {done} on {name}. It is in the audit log and on the timeline of every open
        incident of {name}.
      </p>
      {answer.sessions.length > 0 && <SessionList sessions={answer.sessions} testId="stop-it-result-list" />}
    </div>
  );
}

/** The role in the target's (password-free) URL: the one that needs pg_signal_backend. */
function monitoringRole(url: string | undefined): string {
  try {
    return decodeURIComponent(new URL(url ?? '').username) || '<its role>';
  } catch {
    return '<its role>';
  }
}
