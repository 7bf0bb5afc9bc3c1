import type { ReactNode } from 'react';

/** A request that failed as a whole, above a form's buttons; nothing without a message. */
export function ErrorBanner({ children, testId }: { children?: ReactNode; testId?: string }) {
  if (!children) return null;
  return (
    <p className="banner banner-critical" role="alert" data-testid={testId}>
      {children}
    </p>
  );
}
