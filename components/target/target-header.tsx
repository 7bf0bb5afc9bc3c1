'use client';

import type { ReactNode } from 'react';
import { DeclareIncident } from '@/components/incidents/declare-incident';
import { formatInterval, formatNumber } from '@/lib/browser/format';
import { HEALTH_LABEL, problemMessage, targetHealth, usageLevel, usagePercent } from '@/lib/browser/status';
import { formatDuration } from '@/lib/format/duration';
import type { Snapshot } from '@/lib/samples/types';
import type { TargetView } from '@/lib/targets/targets';

export function TargetHeader({ target, snapshot, now }: { target: TargetView; snapshot: Snapshot | null; now: number }) {
  const health = now === 0 && snapshot ? 'ok' : targetHealth(snapshot, target.intervalMs, now);
  const percent = usagePercent(snapshot);
  const level = usageLevel(percent);
  const problem = problemMessage(snapshot);
  const age = snapshot && now > 0 ? now - Date.parse(snapshot.at) : null;
  return (
    <section className="target-header" data-testid="target-header" data-health={health}>
      <div className="title-row">
        <h1>{target.name}</h1>
        <span className={`badge badge-${health}`} data-testid="target-health">
          {HEALTH_LABEL[health]}
        </span>
        {/* Declared from here, the incident starts linked to this target (its finding, its chart). */}
        <DeclareIncident targetId={target.id} className="declare title-action" />
      </div>
      <p className="muted mono">
        {target.url} · every {formatInterval(target.intervalMs)}
      </p>
      {health === 'stale' && age !== null && (
        <p className="banner banner-warning" data-testid="stale-banner">
          Stale: last sample {formatDuration(age / 1000)} ago — the figures below are not current.
        </p>
      )}
      {problem && (
        <p className="banner banner-critical" data-testid="error-banner" data-kind={health} role="alert">
          {problem}
        </p>
      )}
      <dl className="figures">
        <Figure label="Usage" testId="usage-percent" className={`usage-${level}`} level={level}>
          {percent === null ? '–' : `${formatNumber(percent)}%`}
        </Figure>
        <Figure label="Connections">
          {formatNumber(snapshot?.total)} / {formatNumber(snapshot?.usableConnections)}
        </Figure>
        <Figure label="max_connections">{formatNumber(snapshot?.maxConnections)}</Figure>
        <Figure label="Active">{formatNumber(snapshot?.states?.active)}</Figure>
        <Figure label="Idle in tx">{formatNumber(snapshot?.states?.idleInTransaction)}</Figure>
        <Figure label="Waiting on locks">{formatNumber(snapshot?.waiting)}</Figure>
        <Figure label="Oldest tx">{snapshot?.oldestXactSeconds == null ? '–' : formatDuration(snapshot.oldestXactSeconds)}</Figure>
        <Figure label="Probe latency">{snapshot?.probeLatencyMs == null ? '–' : `${formatNumber(snapshot.probeLatencyMs, 1)} ms`}</Figure>
      </dl>
    </section>
  );
}

function Figure({ label, children, testId, className, level }: { label: string; children: ReactNode; testId?: string; className?: string; level?: string }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd className={className} data-testid={testId} data-level={level}>
        {children}
      </dd>
    </div>
  );
}
