import type { InputHTMLAttributes, ReactNode } from 'react';

/** A labelled text input on a line of its own; it takes every attribute an `<input>` takes. */
export function TextField({ id, label, ...input }: { id: string; label: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} />
    </div>
  );
}
