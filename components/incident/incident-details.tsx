'use client';

import Link from 'next/link';
import { useNow } from '@/lib/browser/hooks/use-now';
import { incidentDurationSeconds, timeToDetectSeconds } from '@/lib/browser/incident-time';
import { formatDuration } from '@/lib/format/duration';
import type { IncidentView } from '@/lib/incidents/types';
import { EditableText, EditableTime } from './editable-field';
import { ChannelPicker } from './channel-picker';
import type { IncidentPatch } from './incident-workspace';
import { TargetLinksEditor } from './target-links-editor';

interface Props {
  incident: IncidentView;
  patch: (fields: IncidentPatch, onSuccess?: () => void) => void;
  pending: boolean;
}

/**
 * Times, impact, roles (commander, scribe, communications lead), the updates channel and targets. Times are editable because incidents are declared late
 * and reconstructed afterwards; durations are always computed from them, never typed.
 */
export function IncidentDetails({ incident, patch, pending }: Props) {
  const now = useNow(15_000);
  const duration = incidentDurationSeconds(incident, now);
  return (
    <section className="panel incident-details">
      <dl className="details-grid">
        <div>
          <dt>Started</dt>
          <dd>
            <EditableTime label="Started" value={incident.startedAt} pending={pending} onSave={(at, done) => patch({ startedAt: at }, done)} testId="started-at" />
          </dd>
        </div>
        <div>
          <dt>Detected</dt>
          <dd>
            <EditableTime label="Detected" value={incident.detectedAt} pending={pending} onSave={(at, done) => patch({ detectedAt: at }, done)} testId="detected-at" />
          </dd>
        </div>
        <div>
          <dt>Resolved</dt>
          <dd>
            {incident.resolvedAt ? (
              <EditableTime label="Resolved" value={incident.resolvedAt} pending={pending} onSave={(at, done) => patch({ resolvedAt: at }, done)} testId="resolved-at" />
            ) : (
              <span className="muted">not yet</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd data-testid="incident-duration">
            {formatDuration(duration)}
            {!incident.resolvedAt && <span className="muted"> so far</span>}
          </dd>
        </div>
        <div>
          <dt>Time to detect</dt>
          <dd data-testid="time-to-detect">{formatDuration(timeToDetectSeconds(incident))}</dd>
        </div>
        <div>
          <dt>Commander</dt>
          <dd>
            <EditableText label="Commander" value={incident.commander} pending={pending} onSave={(commander, done) => patch({ commander }, done)} placeholder="nobody yet" testId="commander" />
          </dd>
        </div>
        <div>
          <dt>Scribe</dt>
          <dd>
            <EditableText label="Scribe" value={incident.scribe} pending={pending} onSave={(scribe, done) => patch({ scribe }, done)} placeholder="nobody yet" testId="scribe" />
          </dd>
        </div>
        <div>
          <dt>Communications lead</dt>
          <dd>
            <EditableText
              label="Communications lead"
              value={incident.communicationsLead}
              pending={pending}
              onSave={(communicationsLead, done) => patch({ communicationsLead }, done)}
              placeholder="nobody yet"
              testId="communications-lead"
            />
          </dd>
        </div>
        <div>
          <dt>Updates channel</dt>
          <dd>
            <ChannelPicker channel={incident.channel} pending={pending} onSave={(channelId, done) => patch({ channelId }, done)} />
          </dd>
        </div>
        <div className="span-all">
          <dt>Impact</dt>
          <dd>
            <EditableText label="Impact" value={incident.impact} multiline pending={pending} onSave={(impact, done) => patch({ impact }, done)} placeholder="not described yet" testId="impact" />
          </dd>
        </div>
        <div className="span-all">
          <dt>Linked targets</dt>
          <dd className="target-links">
            {incident.targets.map((target) => (
              <Link key={target.id} href={`/targets/${target.id}`} className="chip">
                {target.name}
              </Link>
            ))}
            {incident.targets.length === 0 && <span className="muted">none</span>}
            <TargetLinksEditor linked={incident.targets.map((t) => t.id)} pending={pending} onSave={(targetIds, done) => patch({ targetIds }, done)} />
          </dd>
        </div>
      </dl>
    </section>
  );
}
