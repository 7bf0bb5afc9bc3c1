'use client';

import { LazyMarkdown } from '@/components/markdown/lazy-markdown';
import { Instant } from '@/components/ui/instant';
import type { IncidentView, TimelineEntryView } from '@/lib/incidents/types';
import { isBackdated, sortTimeline } from '@/lib/browser/incidents';
import { statusUpdateOf } from '@/lib/incidents/status-update-view';
import { AddNoteForm } from './add-note-form';
import { StatusUpdateParts } from './status-update-panel';

type Kind = TimelineEntryView['kind'];

/** A glyph and a word per kind, so the eye finds the notes among the recorded events. */
const KINDS: Record<Kind, { icon: string; label: string }> = {
  note: { icon: '✎', label: 'Note' },
  created: { icon: '⚑', label: 'Declared' },
  status: { icon: '⇄', label: 'Status' },
  severity: { icon: '▲', label: 'Severity' },
  field: { icon: '≡', label: 'Changed' },
  checklist: { icon: '☑', label: 'Checklist' },
  alert: { icon: '⚠', label: 'Alert' },
  remediation: { icon: '✋', label: 'Stopped' },
  status_update: { icon: '✦', label: 'Status update' },
};

export function Timeline({ incident }: { incident: IncidentView }) {
  const entries = sortTimeline(incident.timeline);
  return (
    <section className="panel timeline-panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol className="timeline" data-testid="timeline">
        {entries.map((entry) => {
          const kind = KINDS[entry.kind] ?? { icon: '•', label: entry.kind };
          return (
            <li key={entry.id} className={`timeline-entry kind-${entry.kind}`} data-testid="timeline-entry" data-kind={entry.kind}>
              <span className="timeline-icon" aria-hidden="true">
                {kind.icon}
              </span>
              <div className="timeline-body">
                <p className="timeline-meta">
                  <Instant at={entry.at} className="timeline-time" /> <span className="timeline-kind">{kind.label}</span> <span className="muted">by {entry.author}</span>
                  {isBackdated(entry) && (
                    <span className="muted" title="Written later than it happened">
                      {' '}
                      (added <Instant at={entry.createdAt} />)
                    </span>
                  )}
                </p>
                <EntryBody entry={entry} />
              </div>
            </li>
          );
        })}
      </ol>
      <AddNoteForm incidentId={incident.id} />
    </section>
  );
}

/** People's notes are Markdown; a status update is its three parts; what Lifeguard recorded is plain text. */
function EntryBody({ entry }: { entry: TimelineEntryView }) {
  if (entry.kind === 'note') return <LazyMarkdown>{entry.body}</LazyMarkdown>;
  const update = statusUpdateOf(entry);
  if (update) return <StatusUpdateParts update={update} />;
  return <p className="timeline-text">{entry.body}</p>;
}
