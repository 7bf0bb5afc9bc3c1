'use client';

import { useState } from 'react';
import { ErrorBanner } from '@/components/ui/error-banner';
import { useTemplates, useUpdateTemplate } from '@/lib/browser/hooks/use-templates';
import { TemplateEditor } from './template-editor';
import { useMayAct } from '@/lib/browser/hooks/use-session';

/** Templates, archived ones last; one open editor at a time ('new' or a template's id). */
export function TemplateList() {
  const templates = useTemplates({ archived: true });
  const update = useUpdateTemplate();
  const [editing, setEditing] = useState<string | null>(null);
  // Templates are for admins: anyone else reads them without the controls the API would refuse.
  const isAdmin = useMayAct('admin');

  if (templates.isPending) return <p className="muted">Loading templates…</p>;
  if (templates.error) return <p className="banner banner-critical">Cannot load templates: {templates.error.message}</p>;
  const sorted = [...templates.data].sort((a, b) => Number(a.archived) - Number(b.archived) || Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));

  return (
    <>
      <ErrorBanner>{update.error?.message}</ErrorBanner>
      <ul className="templates" data-testid="templates">
        {sorted.map((template) => (
          <li key={template.id} className={template.archived ? 'panel archived' : 'panel'} data-testid="template">
            <div className="panel-head">
              <h2>
                {template.name} {template.isDefault && <span className="badge badge-ok">default</span>} {template.archived && <span className="badge badge-no-data">archived</span>}
              </h2>
              <span className="muted">{template.items.length} items</span>
              {isAdmin && (
                <div className="panel-actions">
                  <button type="button" onClick={() => setEditing(editing === template.id ? null : template.id)}>
                    {editing === template.id ? 'Close' : 'Edit'}
                  </button>
                  {/* The built-in checklist is what every incident falls back to: it cannot be archived. */}
                  <button type="button" disabled={update.isPending || template.isDefault} onClick={() => update.mutate({ id: template.id, archived: !template.archived })}>
                    {template.archived ? 'Unarchive' : 'Archive'}
                  </button>
                </div>
              )}
            </div>
            {editing === template.id ? (
              <TemplateEditor template={template} onDone={() => setEditing(null)} />
            ) : (
              <ol className="template-items muted">
                {template.items.map((item) => (
                  <li key={item.id}>
                    {item.text} {item.kind === 'pool_check' && <span className="badge badge-ok">live pool check</span>}
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ul>
      {editing === 'new' ? (
        <div className="panel">
          <h2>New template</h2>
          <TemplateEditor onDone={() => setEditing(null)} />
        </div>
      ) : (
        isAdmin && (
          <button type="button" className="primary" onClick={() => setEditing('new')} data-testid="new-template">
            New template
          </button>
        )
      )}
    </>
  );
}
