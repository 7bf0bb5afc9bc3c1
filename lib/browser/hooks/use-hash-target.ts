'use client';

import { useEffect, useRef, useSyncExternalStore } from 'react';

const subscribe = (listener: () => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

/** Whether the URL's fragment names `id` ("#finding"); false on the server. */
export function useHashIs(id: string): boolean {
  return useSyncExternalStore(subscribe, () => window.location.hash === `#${id}`, () => false);
}

/**
 * Scrolls to the element once it exists. A link such as /targets/x#finding arrives before the
 * data that renders the element, so the browser's own jump to the fragment finds nothing.
 */
export function useScrollToHash(id: string, ready: boolean): void {
  const asked = useHashIs(id);
  const done = useRef(false);
  useEffect(() => {
    if (!asked || !ready || done.current) return;
    done.current = true;
    document.getElementById(id)?.scrollIntoView({ block: 'start' });
  }, [asked, ready, id]);
}
