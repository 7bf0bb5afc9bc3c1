'use client';

import { useMayAct } from '@/lib/browser/hooks/use-session';

/** "edit", named for screen readers by what it edits; responders only, as a viewer's edit would be refused. */
export function EditButton({ name, onEdit }: { name: string; onEdit: () => void }) {
  const mayEdit = useMayAct('responder');
  if (!mayEdit) return null;
  return (
    <button type="button" className="link-button" onClick={onEdit} aria-label={`Edit ${name}`}>
      edit
    </button>
  );
}

/** An inline edit's buttons: Save (held while the request runs) and Cancel. */
export function SaveCancel({ pending, onCancel }: { pending: boolean; onCancel: () => void }) {
  return (
    <>
      <button type="submit" disabled={pending}>
        Save
      </button>
      <button type="button" className="link-button" onClick={onCancel}>
        Cancel
      </button>
    </>
  );
}
