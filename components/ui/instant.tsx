'use client';

import { useIsClient } from '@/lib/browser/hooks/use-is-client';
import { useNow } from '@/lib/browser/hooks/use-now';
import { formatClock, formatUtc } from '@/lib/browser/incident-time';

/**
 * A moment in the viewer's time zone with the zone named ("10:05:07 CET"), UTC on hover. Rendered
 * only in the browser: the server does not know the viewer's zone, and guessing would mismatch.
 */
export function Instant({ at, className }: { at: string; className?: string }) {
  const isClient = useIsClient();
  // Once a minute is enough to notice that "today" became yesterday.
  const now = useNow(60_000);
  const ms = Date.parse(at);
  return (
    <time dateTime={at} title={formatUtc(ms)} className={className}>
      {isClient ? formatClock(ms, now) : formatUtc(ms)}
    </time>
  );
}
