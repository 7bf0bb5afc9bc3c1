/**
 * Application names announced by pool reports, passed on at most once per period: 200 instances
 * reporting every 5 s are 40 notifications a second, and a browser needs to hear about each
 * application about once a second at most (its charts refetch no faster). The first batch goes
 * out at once; later ones wait for the period to end, merged. '*' stands for "too many to list".
 */
export interface ReportsCoalescer {
  add(applications: readonly string[] | '*'): void;
  /** Drops what is pending (the process is stopping). */
  cancel(): void;
}

export function coalesceReports(send: (applications: string[] | '*') => void, periodMs = 1000, now: () => number = Date.now): ReportsCoalescer {
  let pending: Set<string> | '*' | null = null;
  let lastSentAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    if (pending === null) return;
    const batch = pending === '*' ? '*' : [...pending].sort();
    pending = null;
    lastSentAt = now();
    send(batch);
  };

  return {
    add(applications) {
      if (applications === '*' || pending === '*') pending = '*';
      else {
        pending ??= new Set();
        for (const name of applications) pending.add(name);
      }
      if (timer) return;
      const wait = lastSentAt + periodMs - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      pending = null;
    },
  };
}

/** The applications of a CHANNELS.reports payload; null for one that is not ours. */
export function parseReportsPayload(payload: string | undefined): string[] | '*' | null {
  if (payload === '*') return '*';
  try {
    const parsed: unknown = JSON.parse(payload ?? '');
    return Array.isArray(parsed) && parsed.every((name) => typeof name === 'string') ? parsed : null;
  } catch {
    return null;
  }
}
