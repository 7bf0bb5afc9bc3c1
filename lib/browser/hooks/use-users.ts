'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { userCreateSchema, userUpdateSchema } from '@/lib/accounts/schema';
import type { UserView } from '@/lib/accounts/users';
import { apiGet, apiRequest } from '../api';
import { queryKeys } from '../query-keys';

export function useUsers() {
  return useQuery({
    queryKey: queryKeys.users(),
    queryFn: ({ signal }) => apiGet<UserView[]>('/api/users', signal),
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof userCreateSchema>) => apiRequest<UserView>('/api/users', { method: 'POST', body: JSON.stringify(input) }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.users() }),
  });
}

/** Role, display name, disabled, or a password reset. */
export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: z.input<typeof userUpdateSchema> & { id: string }) =>
      apiRequest<UserView>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(input) }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.users() }),
  });
}
