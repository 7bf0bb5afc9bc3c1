'use client';

import { useFeedStatus } from '@/lib/browser/live-feed';
import { useNow } from '@/lib/browser/hooks/use-now';
import { useOnSignInPage } from '@/lib/browser/hooks/use-on-sign-in-page';
import { formatDuration } from '@/lib/format/duration';

/** With the stream open, this long without any sample means nothing is arriving. */
const QUIET_MS = 10_000;

type Shown = { state: 'connecting' | 'live' | 'stale' | 'reconnecting'; text: string };

function describe(state: 'connecting' | 'live' | 'down', lastSampleAt: number | null, now: number): Shown {
  const age = lastSampleAt !== null && now > 0 ? now - lastSampleAt : null;
  if (state === 'connecting') return { state: 'connecting', text: 'Connecting…' };
  if (state === 'down') {
    return age !== null && age > 2000
      ? { state: 'stale', text: `Stale: last sample ${formatDuration(age / 1000)} ago · reconnecting…` }
      : { state: 'reconnecting', text: 'Reconnecting…' };
  }
  if (age !== null && age > QUIET_MS) return { state: 'stale', text: `Stale: last sample ${formatDuration(age / 1000)} ago` };
  return { state: 'live', text: 'Live' };
}

/** The header's answer to "can I trust what I see right now?". Nothing on the sign-in page, which has no feed. */
export function FeedStatus() {
  return useOnSignInPage() ? null : <FeedIndicator />;
}

function FeedIndicator() {
  const { state, lastSampleAt } = useFeedStatus();
  const now = useNow(1000);
  const shown = describe(state, lastSampleAt, now);
  return (
    <span className={`feed-status feed-${shown.state}`} data-testid="feed-status" data-state={shown.state} role="status" aria-live="polite">
      <i className="feed-dot" aria-hidden="true" />
      {shown.text}
    </span>
  );
}
