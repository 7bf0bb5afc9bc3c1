'use client';

import { useState, type FormEvent } from 'react';
import { ErrorBanner } from '@/components/ui/error-banner';
import { FormActions } from '@/components/ui/form-actions';
import { Instant } from '@/components/ui/instant';
import { usePostmortem, useUpdatePostmortem } from '@/lib/browser/hooks/use-postmortem';
import { withPerson } from '@/lib/browser/person';
import type { PostmortemSections } from '@/lib/postmortem/draft';
import type { PostmortemView } from '@/lib/postmortem/editor';
import { useMayAct } from '@/lib/browser/hooks/use-session';

const SECTIONS: { key: keyof PostmortemSections; label: string; hint: string }[] = [
  { key: 'summary', label: 'Issue summary', hint: 'What happened, for how long, to whom, and the root cause in one paragraph.' },
  { key: 'rootCause', label: 'Root cause', hint: 'Why it happened: the mechanism, not the person.' },
  { key: 'resolution', label: 'Resolution', hint: 'What stopped it, and how we knew it had stopped.' },
  { key: 'improvements', label: 'Corrective and preventative measures', hint: 'What we change so it cannot happen again, or is caught sooner.' },
];

export function PostmortemEditor({ incidentId }: { incidentId: string }) {
  const mayAct = useMayAct('responder');
  const postmortem = usePostmortem(incidentId);
  // Writing is for responders; a viewer reads the preview.
  if (!mayAct) return null;
  if (postmortem.isPending) return <p className="muted">Loading the postmortem…</p>;
  if (postmortem.error) return <p className="banner banner-critical">Cannot load the postmortem: {postmortem.error.message}</p>;
  // Remounted after each save, so the fields start again from what the server stored.
  return <Editor key={postmortem.data.updatedAt ?? 'new'} incidentId={incidentId} saved={postmortem.data} />;
}

/**
 * Each section starts from what was saved; Lifeguard's draft (from the recorded incident) shows
 * as the placeholder and can be taken with one click, then edited.
 */
function Editor({ incidentId, saved }: { incidentId: string; saved: PostmortemView }) {
  const update = useUpdatePostmortem(incidentId);
  const [values, setValues] = useState<PostmortemSections>({ summary: saved.summary, rootCause: saved.rootCause, resolution: saved.resolution, improvements: saved.improvements });
  const changed = SECTIONS.filter(({ key }) => values[key] !== saved[key]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const patch = Object.fromEntries(changed.map(({ key }) => [key, values[key]])) as Partial<PostmortemSections>;
    withPerson((by) => update.mutate({ ...patch, by }));
  };

  return (
    <form className="panel postmortem-editor" onSubmit={submit} data-testid="postmortem-editor">
      {SECTIONS.map(({ key, label, hint }) => {
        const draft = saved.draft[key];
        return (
          <div className="field" key={key}>
            <div className="field-head">
              <label htmlFor={`pm-${key}`}>{label}</label>
              {draft && draft !== values[key] && (
                <button type="button" className="link-button" onClick={() => setValues((v) => ({ ...v, [key]: draft }))}>
                  Use draft
                </button>
              )}
            </div>
            <textarea id={`pm-${key}`} rows={5} value={values[key]} placeholder={draft || hint} onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))} data-testid={`pm-${key}`} />
          </div>
        );
      })}
      <ErrorBanner>{update.error?.message}</ErrorBanner>
      <FormActions submit="Save sections" busy="Saving…" pending={update.isPending} disabled={changed.length === 0}>
        {saved.updatedBy && saved.updatedAt && (
          <span className="muted">
            Last saved by {saved.updatedBy} at <Instant at={saved.updatedAt} />
          </span>
        )}
      </FormActions>
    </form>
  );
}
