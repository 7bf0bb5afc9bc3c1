'use client';

import { Instant } from '@/components/ui/instant';
import { useNow } from '@/lib/browser/hooks/use-now';
import { formatDuration } from '@/lib/format/duration';

/** "for 3 min · since 10:05 CET": how long, which is what matters, and the clock time to match logs. */
export function AlertSince({ since }: { since: string }) {
  const now = useNow(1000);
  return (
    <span className="alert-since">
      {now > 0 && `for ${formatDuration((now - Date.parse(since)) / 1000)} · `}
      since <Instant at={since} />
    </span>
  );
}
