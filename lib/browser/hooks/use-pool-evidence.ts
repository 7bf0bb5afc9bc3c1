'use client';

import { useQuery } from '@tanstack/react-query';
import type { PoolEvidence } from '@/lib/incidents/types';
import { apiGet } from '../api';
import { usePollInterval } from '../live-feed';
import { queryKeys } from '../query-keys';

/**
 * The linked targets' pool figures now. Pushed samples of those targets mark it stale (see
 * refreshPoolEvidence in live-feed), so it follows the dashboard's pace without a timer.
 */
export function usePoolEvidence(incidentId: string, enabled: boolean) {
  const refetchInterval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.poolEvidence(incidentId),
    queryFn: ({ signal }) => apiGet<PoolEvidence[]>(`/api/incidents/${encodeURIComponent(incidentId)}/pool-evidence`, signal),
    enabled,
    refetchInterval,
    staleTime: 0,
  });
}
