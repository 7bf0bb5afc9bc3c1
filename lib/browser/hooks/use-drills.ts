'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DrillParamsInput, DrillReportView } from '@/lib/drills/schema';
import type { TargetSettingsInput } from '@/lib/targets/schema';
import type { TargetSettings } from '@/lib/targets/settings';
import { apiGet, apiRequest } from '../api';
import { queryKeys } from '../query-keys';
import { useTarget, type TargetWithSettings } from './use-targets';

const targetPath = (id: string) => `/api/targets/${encodeURIComponent(id)}`;

const settingsOf = ({ allowDrills, allowRemediation }: TargetWithSettings): TargetSettings => ({ allowDrills, allowRemediation });

/** A target's settings (drills, remediation): its part of the target's own query (useTarget). */
export function useTargetSettings(targetId: string) {
  return useTarget(targetId, settingsOf);
}

export function useUpdateTargetSettings(targetId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TargetSettingsInput) => apiRequest<TargetSettings>(targetPath(targetId), { method: 'PATCH', body: JSON.stringify(input) }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.target(targetId) }),
  });
}

/** The history; polled every second while one of them runs (drills send no events), slowly otherwise. */
export function useDrills(targetId: string) {
  return useQuery({
    queryKey: queryKeys.drills(targetId),
    queryFn: ({ signal }) => apiGet<DrillReportView[]>(`${targetPath(targetId)}/drills`, signal),
    refetchInterval: (query) => (query.state.data?.some((drill) => drill.status === 'running') ? 1000 : 15_000),
  });
}

export function useStartDrill(targetId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: DrillParamsInput) => apiRequest<DrillReportView>(`${targetPath(targetId)}/drills`, { method: 'POST', body: JSON.stringify(input) }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.drills(targetId) }),
  });
}

export function useCancelDrill(targetId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<DrillReportView>(`/api/drills/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.drills(targetId) }),
  });
}
