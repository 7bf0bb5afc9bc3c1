'use client';

import { useState, type FormEvent } from 'react';
import { useMayAct } from '@/lib/browser/hooks/use-session';
import { useTargets } from '@/lib/browser/hooks/use-targets';
import { SaveCancel } from './inline-edit';

/** Which targets the incident concerns: they feed the findings and the postmortem's chart. */
export function TargetLinksEditor({ linked, pending, onSave }: { linked: string[]; pending: boolean; onSave: (targetIds: string[], done: () => void) => void }) {
  const [editing, setEditing] = useState(false);
  const mayEdit = useMayAct('responder');
  if (!mayEdit) return null;
  if (!editing) {
    return (
      <button type="button" className="link-button" onClick={() => setEditing(true)}>
        change
      </button>
    );
  }
  return <Editor linked={linked} pending={pending} onSave={onSave} close={() => setEditing(false)} />;
}

function Editor({ linked, pending, onSave, close }: { linked: string[]; pending: boolean; onSave: (targetIds: string[], done: () => void) => void; close: () => void }) {
  const targets = useTargets();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSave(new FormData(event.currentTarget).getAll('targetIds').map(String), close);
  };
  return (
    <form className="inline-edit" onSubmit={submit}>
      {targets.isPending && <span className="muted">Loading targets…</span>}
      {targets.data?.map((target) => (
        <label key={target.id}>
          <input type="checkbox" name="targetIds" value={target.id} defaultChecked={linked.includes(target.id)} /> {target.name}
        </label>
      ))}
      <SaveCancel pending={pending} onCancel={close} />
    </form>
  );
}
