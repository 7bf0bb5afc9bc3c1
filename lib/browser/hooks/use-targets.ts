'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TargetInput } from '@/lib/targets/schema';
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

export function useTarget(id: string) {
  return useQuery({
    queryKey: queryKeys.target(id),
    queryFn: ({ signal }) => apiGet<TargetView>(`/api/targets/${encodeURIComponent(id)}`, signal),
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
