'use client';

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { alertRuleCreateSchema, alertRuleUpdateSchema } from '@/lib/alerts/schema';
import type { AlertRuleView } from '@/lib/alerts/rules';
import { apiGet, apiRequest } from '../api';
import { queryKeys } from '../query-keys';

const path = (id: string) => `/api/alert-rules/${encodeURIComponent(id)}`;

export function useAlertRules() {
  return useQuery({
    queryKey: queryKeys.alertRules(),
    queryFn: ({ signal }) => apiGet<AlertRuleView[]>('/api/alert-rules', signal),
  });
}

/** A rule change re-evaluates alerts (a disabled rule's alerts resolve). */
function refresh(client: QueryClient) {
  return Promise.all([client.invalidateQueries({ queryKey: queryKeys.alertRules() }), client.invalidateQueries({ queryKey: queryKeys.alertLists() })]);
}

export function useCreateRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof alertRuleCreateSchema>) => apiRequest<AlertRuleView>('/api/alert-rules', { method: 'POST', body: JSON.stringify(input) }),
    onSettled: () => refresh(client),
  });
}

type RuleUpdate = z.input<typeof alertRuleUpdateSchema> & { id: string };

/** Shows the change at once (a toggle that waits for the server feels broken), undone on a refusal. */
export function useUpdateRule() {
  const client = useQueryClient();
  const key = queryKeys.alertRules();
  return useMutation({
    mutationFn: ({ id, ...input }: RuleUpdate) => apiRequest<AlertRuleView>(path(id), { method: 'PATCH', body: JSON.stringify(input) }),
    onMutate: async ({ id, ...input }: RuleUpdate) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<AlertRuleView[]>(key);
      client.setQueryData<AlertRuleView[]>(key, (rules) => rules?.map((rule) => (rule.id === id ? ({ ...rule, ...input } as AlertRuleView) : rule)));
      return { previous };
    },
    onError: (_error, _input, context) => {
      if (context?.previous) client.setQueryData(key, context.previous);
    },
    onSettled: () => refresh(client),
  });
}

export function useDeleteRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(path(id), { method: 'DELETE' }),
    onSettled: () => refresh(client),
  });
}
