import type { InputHTMLAttributes, ReactNode } from 'react';

/**
 * What is wrong with what was typed (or what the API refused), announced to screen readers as it
 * appears (role="alert"). Renders nothing without a message, so a form writes it unconditionally.
 * `block` puts it on a line of its own.
 */
export function FieldError({ children, block = false, testId }: { children?: ReactNode; block?: boolean; testId?: string }) {
  if (!children) return null;
  const Tag = block ? 'p' : 'span';
  return (
    <Tag className="field-error" role="alert" data-testid={testId}>
      {children}
    </Tag>
  );
}

/** A request that failed as a whole, above a form's buttons; nothing without a message. */
export function ErrorBanner({ children, testId }: { children?: ReactNode; testId?: string }) {
  if (!children) return null;
  return (
    <p className="banner banner-critical" role="alert" data-testid={testId}>
      {children}
    </p>
  );
}

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

/** A labelled text input on a line of its own; it takes every attribute an `<input>` takes. */
export function TextField({ id, label, ...input }: { id: string; label: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} />
    </div>
  );
}
