import type { ReactNode } from 'react';

/**
 * A form's button row: the submit button (saying what it is doing while the request runs, and
 * disabled meanwhile so one click sends once), Cancel when the form can be closed, then whatever
 * the form shows beside them (its error, when it was last saved).
 */
export function FormActions({ submit, busy, pending = false, disabled = false, onCancel, children }: { submit: string; busy?: string; pending?: boolean; disabled?: boolean; onCancel?: () => void; children?: ReactNode }) {
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={pending || disabled}>
        {pending && busy ? busy : submit}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
      {children}
    </div>
  );
}
