'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TargetInput } from '@/lib/targets/schema';
import type { TargetSettings } from '@/lib/targets/settings';
import type { TargetView } from '@/lib/targets/targets';
import { apiGet, apiRequest } from '../api';
import { usePollInterval } from '../live-feed';
import { queryKeys } from '../query-keys';

export function useTargets() {
  const refetchInterval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.targets(),
    queryFn: ({ signal }) => apiGet<TargetView[]>('/api/targets', signal),
    refetchInterval,
  });
}

/** GET /api/targets/{id}: the target with its settings. */
export type TargetWithSettings = TargetView & TargetSettings;

/**
 * One target, and its settings: one query, which the drills and Stop-it panels read their part
 * of (useTargetSettings), so a target page asks for it once.
 */
export function useTarget<T = TargetWithSettings>(id: string, select?: (target: TargetWithSettings) => T) {
  return useQuery({
    queryKey: queryKeys.target(id),
    queryFn: ({ signal }) => apiGet<TargetWithSettings>(`/api/targets/${encodeURIComponent(id)}`, signal),
    select,
  });
}

export function useAddTarget() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TargetInput) => apiRequest<TargetView>('/api/targets', { method: 'POST', body: JSON.stringify(input) }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.targets() }),
  });
}

export function useRemoveTarget() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/api/targets/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: (_data, _error, id) => {
      client.removeQueries({ queryKey: queryKeys.snapshot(id) });
      client.removeQueries({ queryKey: queryKeys.seriesOfTarget(id) });
      return client.invalidateQueries({ queryKey: queryKeys.targets() });
    },
  });
}
