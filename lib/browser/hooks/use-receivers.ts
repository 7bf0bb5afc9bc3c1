'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { receiverCreateSchema, receiverUpdateSchema } from '@/lib/alerts/schema';
import type { DeliveryView, ReceiverView } from '@/lib/alerts/notify/receivers';
import { apiGet, apiRequest } from '../api';
import { queryKeys } from '../query-keys';

const path = (id: string) => `/api/receivers/${encodeURIComponent(id)}`;

export function useReceivers() {
  return useQuery({
    queryKey: queryKeys.receivers(),
    queryFn: ({ signal }) => apiGet<ReceiverView[]>('/api/receivers', signal),
  });
}

export function useCreateReceiver() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof receiverCreateSchema>) => apiRequest<ReceiverView>('/api/receivers', { method: 'POST', body: JSON.stringify(input) }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.receivers() }),
  });
}

type ReceiverUpdate = z.input<typeof receiverUpdateSchema> & { id: string };

/** Shows the change at once (the enable toggle), undone on a refusal. */
export function useUpdateReceiver() {
  const client = useQueryClient();
  const key = queryKeys.receivers();
  return useMutation({
    mutationFn: ({ id, ...input }: ReceiverUpdate) => apiRequest<ReceiverView>(path(id), { method: 'PATCH', body: JSON.stringify(input) }),
    onMutate: async ({ id, ...input }: ReceiverUpdate) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<ReceiverView[]>(key);
      client.setQueryData<ReceiverView[]>(key, (list) => list?.map((r) => (r.id === id ? ({ ...r, ...input } as ReceiverView) : r)));
      return { previous };
    },
    onError: (_error, _input, context) => {
      if (context?.previous) client.setQueryData(key, context.previous);
    },
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
}

export function useDeleteReceiver() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(path(id), { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.receivers() }),
  });
}

/**
 * One receiver's delivery log, fetched only while shown. Deliveries retry on their own schedule
 * (no event announces them), so an open log polls.
 */
export function useDeliveries(receiverId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.deliveries(receiverId),
    queryFn: ({ signal }) => apiGet<DeliveryView[]>(`${path(receiverId)}/deliveries`, signal),
    enabled,
    refetchInterval: enabled ? 5000 : false,
  });
}
