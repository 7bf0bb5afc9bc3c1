'use client';

import { useQuery } from '@tanstack/react-query';
import type { IncidentPeak } from '@/lib/finding/peak';
import type { Finding } from '@/lib/finding/types';
import type { TargetBudget } from '@/lib/budget/query';
import { apiGet } from '../api';
import { usePollInterval } from '../live-feed';
import { queryKeys } from '../query-keys';

const target = (id: string) => `/api/targets/${encodeURIComponent(id)}`;

/**
 * A target's finding, fetched only while shown. Pushed samples of the target mark it stale
 * (refreshFindings in live-feed), so it follows the dashboard's pace without a timer.
 */
export function useTargetFinding(targetId: string, enabled: boolean) {
  const refetchInterval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.finding(targetId),
    queryFn: ({ signal }) => apiGet<Finding>(`${target(targetId)}/finding`, signal),
    enabled,
    refetchInterval,
    staleTime: 0,
  });
}

/**
 * The findings of an incident's linked targets now (the API path keeps its historical name,
 * pool-evidence). Pushed samples of those targets mark it stale, like the target's finding.
 */
export function useIncidentFindings(incidentId: string, enabled: boolean) {
  const refetchInterval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.incidentFindings(incidentId),
    queryFn: ({ signal }) => apiGet<Finding[]>(`/api/incidents/${encodeURIComponent(incidentId)}/pool-evidence`, signal),
    enabled,
    refetchInterval,
    staleTime: 0,
  });
}

/** The peak of an open incident moves as samples arrive: looked at again this often (resolved, it stays put). */
const PEAK_REFRESH_MS = 10_000;

/** Who held the connections at the incident's peak, per linked target. */
export function useIncidentPeak(incidentId: string, open: boolean) {
  return useQuery({
    queryKey: queryKeys.incidentPeak(incidentId),
    queryFn: ({ signal }) => apiGet<IncidentPeak[]>(`/api/incidents/${encodeURIComponent(incidentId)}/peak`, signal),
    refetchInterval: open ? PEAK_REFRESH_MS : false,
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
