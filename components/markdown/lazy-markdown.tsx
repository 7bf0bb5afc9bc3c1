'use client';

import { lazy, Suspense, type ComponentProps } from 'react';

/*
 * SafeMarkdown with react-markdown and remark-gfm (some 45 KiB gzip) loaded as their own chunk
 * when the first Markdown is drawn, not with the page: the incident and postmortem pages fetch
 * what they show after the first paint anyway, and a timeline without notes never needs it.
 */
const SafeMarkdown = lazy(() => import('./safe-markdown').then((module) => ({ default: module.SafeMarkdown })));

type Props = ComponentProps<typeof SafeMarkdown>;

/** Markdown people typed, rendered inert (safe-markdown.tsx); the plain text shows while the renderer loads, so nothing is missing. */
export function LazyMarkdown(props: Props) {
  const pending = (
    <div className={props.className ? `markdown ${props.className}` : 'markdown'}>
      <p className="markdown-pending">{props.children}</p>
    </div>
  );
  return (
    <Suspense fallback={pending}>
      <SafeMarkdown {...props} />
    </Suspense>
  );
}
