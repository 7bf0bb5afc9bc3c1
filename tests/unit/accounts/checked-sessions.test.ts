import { describe, expect, it } from 'vitest';
import type { ActorUser } from '@/lib/accounts/actor';
import { MAX_CHECKED_SESSIONS, SESSION_CHECK_TTL_MS, sweepStaleChecks, type Checked } from '@/lib/accounts/sessions';

type Entry = Checked | Promise<ActorUser | null>;

describe('the remembered session checks stay bounded (random cookies cannot grow them without end)', () => {
  const now = 1_000_000;

  it('drops the checks that are no longer trusted and keeps the fresh ones and the look-ups in flight', () => {
    const sessions = new Map<string, Entry>();
    for (let i = 0; i < MAX_CHECKED_SESSIONS; i++) sessions.set(`stale-${i}`, { user: null, checkedAt: now - SESSION_CHECK_TTL_MS });
    sessions.set('fresh', { user: null, checkedAt: now - 1 });
    const inFlight = Promise.resolve(null);
    sessions.set('in-flight', inFlight);
    sweepStaleChecks(sessions, now);
    expect([...sessions.keys()].sort()).toEqual(['fresh', 'in-flight']);
  });

  it('when every check is fresh (a flood of new cookies), forgets them all but the look-ups in flight', () => {
    const sessions = new Map<string, Entry>();
    for (let i = 0; i <= MAX_CHECKED_SESSIONS; i++) sessions.set(`fresh-${i}`, { user: null, checkedAt: now });
    sessions.set('in-flight', Promise.resolve(null));
    sweepStaleChecks(sessions, now);
    expect([...sessions.keys()]).toEqual(['in-flight']);
  });
});
