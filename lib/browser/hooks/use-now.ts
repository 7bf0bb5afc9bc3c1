'use client';

import { useEffect, useState } from 'react';

/**
 * The current time, re-read every `everyMs`, for "last sample 42 s ago" and staleness. Starts
 * at 0 on the server and the first client render (so both render the same), then ticks.
 */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(0);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, everyMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [everyMs]);
  return now;
}
