'use client';

import { useQuery } from '@tanstack/react-query';
import type { Role } from '@/lib/accounts/actor';
import { apiGet } from '../api';
import { queryKeys } from '../query-keys';

interface SessionView {
  role: Role | null;
  open: boolean;
}

/**
 * The signed-in role (GET /api/session), so a page offers only what the API would allow; the
 * API still decides. Asked again whenever a page using it mounts: signing in as someone else
 * keeps the app shell (and this cache) but changes the answer.
 */
export function useSessionRole() {
  return useQuery({
    queryKey: queryKeys.session(),
    queryFn: ({ signal }) => apiGet<SessionView>('/api/session', signal),
    select: (session) => session.role,
  });
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
