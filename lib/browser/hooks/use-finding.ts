'use client';

import { useQuery } from '@tanstack/react-query';
import type { PoolEvidence } from '@/lib/incidents/types';
import type { TargetBudget } from '@/lib/budget/query';
import { apiGet } from '../api';
import { usePollInterval } from '../live-feed';
import { queryKeys } from '../query-keys';

const target = (id: string) => `/api/targets/${encodeURIComponent(id)}`;

/**
 * A target's pool finding, fetched only while shown. Pushed samples of the target mark it stale
 * (refreshPoolEvidence in live-feed), so it follows the dashboard's pace without a timer.
 */
export function useTargetFinding(targetId: string, enabled: boolean) {
  const refetchInterval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.finding(targetId),
    queryFn: ({ signal }) => apiGet<PoolEvidence>(`${target(targetId)}/finding`, signal),
    enabled,
    refetchInterval,
    staleTime: 0,
  });
}

/** The connection budget; reports arrive every few seconds, not as events, so it polls slowly. */
export function useBudget(targetId: string) {
  return useQuery({
    queryKey: queryKeys.budget(targetId),
    queryFn: ({ signal }) => apiGet<TargetBudget>(`${target(targetId)}/budget`, signal),
    refetchInterval: 5000,
  });
}
