'use client';

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ActionItemView, ActionItemWithIncident } from '@/lib/action-items/action-items';
import type { actionItemCreateSchema, actionItemUpdateSchema } from '@/lib/action-items/schema';
import { apiGet, apiRequest } from '../api';
import { queryKeys } from '../query-keys';

/** One incident's action items. */
export function useActionItems(incidentId: string) {
  return useQuery({
    queryKey: queryKeys.actionItems({ incidentId }),
    queryFn: ({ signal }) => apiGet<ActionItemView[]>(`/api/incidents/${encodeURIComponent(incidentId)}/action-items`, signal),
  });
}

/** The open ones across every incident, each with its incident's number and title. */
export function useOpenActionItems() {
  return useQuery({
    queryKey: queryKeys.actionItems({ open: true }),
    queryFn: ({ signal }) => apiGet<ActionItemWithIncident[]>('/api/action-items?open=1', signal),
  });
}

/** An item shows on its incident's list, the open list and in the exported Markdown. */
function refresh(client: QueryClient) {
  return Promise.all([
    client.invalidateQueries({ queryKey: queryKeys.actionItemLists() }),
    client.invalidateQueries({ queryKey: ['postmortem-markdown'] }),
  ]);
}

export function useAddActionItem(incidentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof actionItemCreateSchema>) =>
      apiRequest<ActionItemView>(`/api/incidents/${encodeURIComponent(incidentId)}/action-items`, { method: 'POST', body: JSON.stringify(input) }),
    onSettled: () => refresh(client),
  });
}

export function useUpdateActionItem() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: z.input<typeof actionItemUpdateSchema> & { id: string }) =>
      apiRequest<ActionItemView>(`/api/action-items/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(input) }),
    onSettled: () => refresh(client),
  });
}

export function useDeleteActionItem() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/api/action-items/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => refresh(client),
  });
}
