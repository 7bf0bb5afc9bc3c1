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
 * API still decides. Asked once per page load: a role changes with a new sign-in, which reloads.
 */
export function useSessionRole() {
  return useQuery({
    queryKey: queryKeys.session(),
    queryFn: ({ signal }) => apiGet<SessionView>('/api/session', signal),
    staleTime: Infinity,
    select: (session) => session.role,
  });
}
