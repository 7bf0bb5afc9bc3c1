'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { incidentCreateSchema } from '@/lib/incidents/schema';
import type { IncidentSummary, IncidentView } from '@/lib/incidents/types';
import { apiGet, apiRequest } from '../api';
import { incidentFiltersQuery, type IncidentFilters } from '../incident-filters';
import { usePollInterval } from '../live-feed';
import { queryKeys } from '../query-keys';

/** The list (open first, as the API orders it); `incident` events invalidate it. */
export function useIncidents(filters: IncidentFilters) {
  const refetchInterval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.incidents(filters),
    queryFn: ({ signal }) => apiGet<IncidentSummary[]>(`/api/incidents${incidentFiltersQuery(filters)}`, signal),
    refetchInterval,
  });
}

export function useCreateIncident() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof incidentCreateSchema>) => apiRequest<IncidentView>('/api/incidents', { method: 'POST', body: JSON.stringify(input) }),
    onSuccess: (incident) => {
      client.setQueryData(queryKeys.incident(incident.id), incident);
      return client.invalidateQueries({ queryKey: queryKeys.incidentLists() });
    },
  });
}
