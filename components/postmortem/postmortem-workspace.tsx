'use client';

import Link from 'next/link';
import { LazyMarkdown } from '@/components/markdown/lazy-markdown';
import { useIncident } from '@/lib/browser/hooks/use-incident';
import { usePostmortemMarkdown } from '@/lib/browser/hooks/use-postmortem';
import { ActionItems } from './action-items';
import { PostmortemEditor } from './postmortem-editor';

/** Writing the postmortem: the sections on the left, the exported document as it will read on the right. */
export function PostmortemWorkspace({ id }: { id: string }) {
  const incident = useIncident(id);
  const markdown = usePostmortemMarkdown(id);
  return (
    <div className="postmortem">
      <div className="title-row">
        <h1>
          Postmortem{incident.data && (
            <>
              : <span className="mono muted">INC-{incident.data.number}</span> {incident.data.title}
            </>
          )}
        </h1>
      </div>
      <div className="lifecycle">
        <Link className="button" href={`/incidents/${id}`}>
          Back to the incident
        </Link>
        <a className="button primary" href={`/api/incidents/${id}/postmortem`} download data-testid="postmortem-download">
          Download Markdown
        </a>
      </div>
      {incident.error && <p className="banner banner-critical">{incident.error.message}</p>}
      <div className="postmortem-columns">
        <div>
          <PostmortemEditor incidentId={id} />
          <ActionItems incidentId={id} />
        </div>
        <section className="panel postmortem-preview" aria-labelledby="preview-title">
          <h2 id="preview-title">Preview</h2>
          {markdown.isPending && <p className="muted">Drafting…</p>}
          {markdown.error && <p className="banner banner-critical">Cannot draft the postmortem: {markdown.error.message}</p>}
          {markdown.data !== undefined && (
            <LazyMarkdown className="document" inlineImages>
              {markdown.data}
            </LazyMarkdown>
          )}
        </section>
      </div>
    </div>
  );
}
