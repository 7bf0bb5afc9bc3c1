'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { templateCreateSchema, templateUpdateSchema } from '@/lib/checklists/schema';
import type { ChecklistTemplateView } from '@/lib/checklists/types';
import { apiGet, apiRequest } from '../api';
import { queryKeys } from '../query-keys';

/** Active templates (the declare form), or all with `archived` (the template editor). */
export function useTemplates({ archived = false }: { archived?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.templates({ archived }),
    queryFn: ({ signal }) => apiGet<ChecklistTemplateView[]>(`/api/checklist-templates${archived ? '?archived=1' : ''}`, signal),
  });
}

export function useCreateTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof templateCreateSchema>) => apiRequest<ChecklistTemplateView>('/api/checklist-templates', { method: 'POST', body: JSON.stringify(input) }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.templateLists() }),
  });
}

export function useUpdateTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: z.input<typeof templateUpdateSchema> & { id: string }) =>
      apiRequest<ChecklistTemplateView>(`/api/checklist-templates/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(input) }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.templateLists() }),
  });
}
