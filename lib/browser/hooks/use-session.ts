'use client';

import { useQuery } from '@tanstack/react-query';
import type { Role } from '@/lib/accounts/actor';
import { apiGet } from '../api';
import { queryKeys } from '../query-keys';

/** GET /api/session, as far as the browser uses it. */
export interface SessionView {
  user: { displayName: string } | null;
  role: Role | null;
  open: boolean;
}

/**
 * Who is signed in (GET /api/session), one request for every component that asks: the role
 * decides what a page offers (the API still decides), the display name is the acting person.
 * The sign-in form invalidates it: signing in as someone else keeps the app shell (and this
 * cache) but changes the answer.
 */
export function useSession<T = SessionView>(select?: (session: SessionView) => T) {
  return useQuery({
    queryKey: queryKeys.session(),
    queryFn: ({ signal }) => apiGet<SessionView>('/api/session', signal),
    select,
  });
}

const roleOf = (session: SessionView) => session.role;

/** The signed-in role, so a page offers only what the API would allow. */
export function useSessionRole() {
  return useSession(roleOf);
}

/** The roles a person signs in with, least to most: each may do what the ones before it may. */
const RANK = { viewer: 1, responder: 2, admin: 3 } as const;

/**
 * Whether the signed-in person may do what needs `needed`, as the API will judge it (an open
 * Lifeguard, with no accounts yet, answers admin). False while the answer is not known: a control
 * that appears a moment late is better than one that appears and then answers 403.
 */
export function useMayAct(needed: 'responder' | 'admin'): boolean {
  const role = useSessionRole().data;
  return role === 'viewer' || role === 'responder' || role === 'admin' ? RANK[role] >= RANK[needed] : false;
}
