'use client';

import { useQuery } from '@tanstack/react-query';
import type { AuditView } from '@/lib/accounts/audit';
import { apiGet } from '../api';
import { queryKeys } from '../query-keys';

/**
 * The latest audit entries, newest first. Every configuration write adds one, from many pages:
 * rather than each of their mutations knowing about the log, it is fetched afresh whenever shown.
 */
export function useAudit() {
  return useQuery({
    queryKey: queryKeys.audit(),
    queryFn: ({ signal }) => apiGet<AuditView[]>('/api/audit', signal),
    staleTime: 0,
  });
}
