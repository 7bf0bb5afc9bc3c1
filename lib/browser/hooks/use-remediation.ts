'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RemediationAnswer, SessionAction, SessionActionRequest } from '@/lib/remediation/schema';
import { apiRequest } from '../api';
import { queryKeys } from '../query-keys';

export interface SessionActionCall {
  action: SessionAction;
  input: SessionActionRequest;
}

/** POST /api/targets/{id}/sessions/{cancel,terminate}: a dry run or, with its pids, the real thing. */
export function useSessionAction(targetId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, input }: SessionActionCall) =>
      apiRequest<RemediationAnswer>(`/api/targets/${encodeURIComponent(targetId)}/sessions/${action}`, { method: 'POST', body: JSON.stringify(input) }),
    // Terminated sessions leave the holders table and the finding at the next sample; refetch now.
    onSuccess: (answer) => {
      if (answer.dryRun) return;
      void client.invalidateQueries({ queryKey: queryKeys.snapshot(targetId) });
      void client.invalidateQueries({ queryKey: queryKeys.finding(targetId) });
    },
  });
}
