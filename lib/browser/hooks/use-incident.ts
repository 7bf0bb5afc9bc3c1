'use client';

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { checklistItemCreateSchema, incidentUpdateSchema, statusUpdateSchema, timelineNoteSchema } from '@/lib/incidents/schema';
import type { ChecklistItemView, IncidentView, StatusUpdateView, TimelineEntryView } from '@/lib/incidents/types';
import { apiGet, apiRequest } from '../api';
import { withChecklistItem } from '../incidents';
import { usePollInterval } from '../live-feed';
import { queryKeys } from '../query-keys';

const path = (id: string) => `/api/incidents/${encodeURIComponent(id)}`;

/** One incident with its checklist and timeline; the live `incident` event invalidates it. */
export function useIncident(id: string) {
  const refetchInterval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.incident(id),
    queryFn: ({ signal }) => apiGet<IncidentView>(path(id), signal),
    refetchInterval,
  });
}

/** After any write: the server's timeline and the lists changed too. */
function refresh(client: QueryClient, id: string) {
  return Promise.all([
    client.invalidateQueries({ queryKey: queryKeys.incident(id) }),
    client.invalidateQueries({ queryKey: queryKeys.incidentLists() }),
    client.invalidateQueries({ queryKey: queryKeys.postmortemMarkdown(id) }),
  ]);
}

export function useUpdateIncident(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof incidentUpdateSchema>) => apiRequest<IncidentView>(path(id), { method: 'PATCH', body: JSON.stringify(input) }),
    onSuccess: (incident) => client.setQueryData(queryKeys.incident(id), incident),
    onSettled: () => refresh(client, id),
  });
}

/** Adds to one of the incident's lists; the incident itself is refetched after (the server's timeline records the addition too). */
function useIncidentPost<Input, Answer>(id: string, part: 'timeline' | 'status-updates' | 'checklist') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) => apiRequest<Answer>(`${path(id)}/${part}`, { method: 'POST', body: JSON.stringify(input) }),
    onSettled: () => refresh(client, id),
  });
}

export const useAddNote = (id: string) => useIncidentPost<z.input<typeof timelineNoteSchema>, TimelineEntryView>(id, 'timeline');

/** A "Conditions / Actions / Needs" update (POST /api/incidents/{id}/status-updates). */
export const useAddStatusUpdate = (id: string) => useIncidentPost<z.input<typeof statusUpdateSchema>, StatusUpdateView>(id, 'status-updates');

export const useAddChecklistItem = (id: string) => useIncidentPost<z.input<typeof checklistItemCreateSchema>, ChecklistItemView>(id, 'checklist');

export interface Tick {
  itemId: string;
  checked: boolean;
  by: string;
}

/**
 * Ticks at once on screen, then takes the server's answer (its time, its evidence) and refetches:
 * the server, and the `incident` event after someone else's tick, are the truth.
 */
export function useTickChecklistItem(id: string) {
  const client = useQueryClient();
  const key = queryKeys.incident(id);
  return useMutation({
    mutationFn: ({ itemId, checked, by }: Tick) =>
      apiRequest<ChecklistItemView>(`${path(id)}/checklist/${encodeURIComponent(itemId)}`, { method: 'PATCH', body: JSON.stringify({ checked, by }) }),
    onMutate: async ({ itemId, checked, by }) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<IncidentView>(key);
      const at = new Date().toISOString();
      client.setQueryData<IncidentView>(key, (old) =>
        old && withChecklistItem(old, itemId, (item) => ({ ...item, checked, checkedBy: checked ? by : null, checkedAt: checked ? at : null })),
      );
      return { previous };
    },
    onError: (_error, _tick, context) => {
      if (context?.previous) client.setQueryData(key, context.previous);
    },
    onSuccess: (item) => client.setQueryData<IncidentView>(key, (old) => old && withChecklistItem(old, item.id, () => item)),
    onSettled: () => refresh(client, id),
  });
}
