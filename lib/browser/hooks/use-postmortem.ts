'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PostmortemView } from '@/lib/postmortem/editor';
import type { postmortemUpdateSchema } from '@/lib/postmortem/schema';
import { apiGet, apiGetText, apiRequest } from '../api';
import { queryKeys } from '../query-keys';

const path = (id: string) => `/api/incidents/${encodeURIComponent(id)}/postmortem`;

/** The saved sections and Lifeguard's draft of each, for the editor. */
export function usePostmortem(incidentId: string) {
  return useQuery({
    queryKey: queryKeys.postmortem(incidentId),
    queryFn: ({ signal }) => apiGet<PostmortemView>(`${path(incidentId)}?format=json`, signal),
    // The editor must not be refilled under someone's cursor by a background refetch.
    staleTime: Infinity,
  });
}

/** The exported Markdown exactly as the download gives it, for the preview. */
export function usePostmortemMarkdown(incidentId: string) {
  return useQuery({
    queryKey: queryKeys.postmortemMarkdown(incidentId),
    queryFn: ({ signal }) => apiGetText(path(incidentId), signal),
  });
}

export function useUpdatePostmortem(incidentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof postmortemUpdateSchema>) => apiRequest<PostmortemView>(path(incidentId), { method: 'PATCH', body: JSON.stringify(input) }),
    onSuccess: (saved) => client.setQueryData(queryKeys.postmortem(incidentId), saved),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.postmortemMarkdown(incidentId) }),
  });
}
