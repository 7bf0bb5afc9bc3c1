'use client';

import { useState, type FormEvent } from 'react';
import { ErrorBanner } from '@/components/ui/error-banner';
import { FormActions } from '@/components/ui/form-actions';
import { CHECKLIST_ITEM_KINDS, type ChecklistItemKind } from '@/lib/checklists/choices';
import { useCreateTemplate, useUpdateTemplate } from '@/lib/browser/hooks/use-templates';
import { checkWith } from '@/lib/browser/lazy-schema';
import { moveItem } from '@/lib/browser/templates';
import type { ChecklistTemplateView } from '@/lib/checklists/types';

interface Row {
  /** A stable React key while rows move; never sent. */
  key: number;
  text: string;
  kind: ChecklistItemKind;
}

const KIND_LABEL: Record<ChecklistItemKind, string> = { plain: 'Question', pool_check: 'Live pool check' };

let nextKey = 0;
const row = (text: string, kind: ChecklistItemKind): Row => ({ key: nextKey++, text, kind });

/** Name and items (text, kind, order), validated with the API's schema and saved in one request. */
export function TemplateEditor({ template, onDone }: { template?: ChecklistTemplateView; onDone: () => void }) {
  const create = useCreateTemplate();
  const update = useUpdateTemplate();
  const [name, setName] = useState(template?.name ?? '');
  const [rows, setRows] = useState<Row[]>(() => (template?.items.length ? template.items.map((i) => row(i.text, i.kind)) : [row('', 'plain')]));
  const [error, setError] = useState<string | null>(null);
  const pending = create.isPending || update.isPending;
  const apiError = create.error ?? update.error;

  const change = (index: number, patch: Partial<Row>) => setRows((current) => current.map((r, i) => (i === index ? { ...r, ...patch } : r)));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = await checkWith(() => import('@/lib/checklists/schema').then((m) => m.templateCreateSchema), { name, items: rows.map(({ text, kind }) => ({ text, kind })) });
    if (parsed.error !== undefined) {
      const issue = parsed.issues[0];
      const where = issue?.path[0] === 'items' && typeof issue.path[1] === 'number' ? `Item ${issue.path[1] + 1}: ` : '';
      return setError(`${where}${issue?.message ?? 'invalid template'}`);
    }
    setError(null);
    if (template) update.mutate({ id: template.id, ...parsed.data }, { onSuccess: onDone });
    else create.mutate(parsed.data, { onSuccess: onDone });
  };

  return (
    <form className="template-editor" onSubmit={submit} noValidate data-testid="template-editor">
      <div className="field">
        <label htmlFor={`tpl-name-${template?.id ?? 'new'}`}>Name</label>
        <input id={`tpl-name-${template?.id ?? 'new'}`} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </div>
      <ol className="template-rows">
        {rows.map((r, index) => (
          <li key={r.key} className="template-row" data-testid="template-row">
            <input value={r.text} onChange={(e) => change(index, { text: e.target.value })} aria-label={`Item ${index + 1}`} placeholder="A question to ask" />
            <select value={r.kind} onChange={(e) => change(index, { kind: e.target.value as ChecklistItemKind })} aria-label={`Item ${index + 1} kind`}>
              {CHECKLIST_ITEM_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {KIND_LABEL[kind]}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => setRows((c) => moveItem(c, index, index - 1))} disabled={index === 0} aria-label={`Move item ${index + 1} up`}>
              ↑
            </button>
            <button type="button" onClick={() => setRows((c) => moveItem(c, index, index + 1))} disabled={index === rows.length - 1} aria-label={`Move item ${index + 1} down`}>
              ↓
            </button>
            <button type="button" className="danger" onClick={() => setRows((c) => c.filter((_, i) => i !== index))} disabled={rows.length === 1} aria-label={`Remove item ${index + 1}`}>
              ×
            </button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => setRows((c) => [...c, row('', 'plain')])}>
        Add item
      </button>
      <ErrorBanner>{error ?? apiError?.message}</ErrorBanner>
      <FormActions submit={template ? 'Save template' : 'Create template'} busy="Saving…" pending={pending} onCancel={onDone} />
    </form>
  );
}
