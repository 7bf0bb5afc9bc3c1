'use client';

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AlertListItem } from '@/lib/alerts/alerts';
import type { AlertListQuery, silenceCreateSchema } from '@/lib/alerts/schema';
import type { SilenceView } from '@/lib/alerts/silences';
import type { AlertView } from '@/lib/alerts/views';
import { apiGet, apiRequest } from '../api';
import { usePollInterval } from '../live-feed';
import { queryKeys } from '../query-keys';

/**
 * Alerts by state (pending and firing first, as the API orders them), each with its last 24 h
 * (episodes, notifications); the `alerts` event invalidates them.
 */
export function useAlerts(state: AlertListQuery['state'] = 'active', targetId?: string) {
  const refetchInterval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.alerts(targetId ? { state, targetId } : { state }),
    queryFn: ({ signal }) => {
      const search = new URLSearchParams({ state, ...(targetId ? { targetId } : {}) });
      return apiGet<AlertListItem[]>(`/api/alerts?${search}`, signal);
    },
    refetchInterval,
  });
}

/** A silence or an acknowledgement changes how alerts show everywhere (banner, lists, badges). */
function refresh(client: QueryClient) {
  return Promise.all([client.invalidateQueries({ queryKey: queryKeys.alertLists() }), client.invalidateQueries({ queryKey: queryKeys.silences() })]);
}

export function useAcknowledge() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, by }: { id: string; by: string }) =>
      apiRequest<AlertView>(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, { method: 'POST', body: JSON.stringify({ by }) }),
    onSettled: () => refresh(client),
  });
}

export function useSilences() {
  const refetchInterval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.silences(),
    queryFn: ({ signal }) => apiGet<SilenceView[]>('/api/silences', signal),
    refetchInterval,
  });
}

export function useCreateSilence() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof silenceCreateSchema>) => apiRequest<SilenceView>('/api/silences', { method: 'POST', body: JSON.stringify(input) }),
    onSettled: () => refresh(client),
  });
}

export function useDeleteSilence() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/api/silences/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => refresh(client),
  });
}
