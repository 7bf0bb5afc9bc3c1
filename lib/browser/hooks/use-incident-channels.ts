'use client';

import { useQuery } from '@tanstack/react-query';
import type { IncidentChannelView } from '@/lib/incidents/channel/channels';
import { apiGet } from '../api';
import { queryKeys } from '../query-keys';

/** The Slack receivers an incident's updates can go to; asked for only when someone opens the picker. */
export function useIncidentChannels(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.incidentChannels(),
    queryFn: ({ signal }) => apiGet<IncidentChannelView[]>('/api/incident-channels', signal),
    enabled,
  });
}
