import type { ReactNode } from 'react';

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
