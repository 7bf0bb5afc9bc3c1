'use client';

import { useSyncExternalStore } from 'react';

const noop = () => () => {};

/**
 * False on the server and during hydration, true after: for text that depends on the viewer's
 * time zone, which the server cannot know (rendering it there would mismatch on hydration).
 */
export function useIsClient(): boolean {
  return useSyncExternalStore(noop, () => true, () => false);
}
