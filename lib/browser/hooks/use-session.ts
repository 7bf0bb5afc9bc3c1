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
