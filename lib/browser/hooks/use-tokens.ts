'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ApiTokenView } from '@/lib/accounts/api-tokens';
import type { tokenCreateSchema } from '@/lib/accounts/schema';
import { apiGet, apiRequest } from '../api';
import { queryKeys } from '../query-keys';

export function useTokens() {
  return useQuery({
    queryKey: queryKeys.tokens(),
    queryFn: ({ signal }) => apiGet<ApiTokenView[]>('/api/tokens', signal),
  });
}

/** Answers the new token with its secret: the only time the secret is shown. */
export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof tokenCreateSchema>) => apiRequest<ApiTokenView & { token: string }>('/api/tokens', { method: 'POST', body: JSON.stringify(input) }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.tokens() }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.tokens() }),
  });
}
