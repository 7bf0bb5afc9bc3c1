'use client';

import { useQuery } from '@tanstack/react-query';
import type { SnapshotWithCauses } from '@/lib/finding/types';
import type { Snapshot } from '@/lib/samples/types';
import { ApiError, apiGet } from '../api';
import { usePollInterval } from '../live-feed';
import { queryKeys } from '../query-keys';

/** The latest sample of every target (overview). Pushed samples update it in place. */
export function useSnapshots() {
  const refetchInterval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.snapshots(),
    queryFn: ({ signal }) => apiGet<Snapshot[]>('/api/snapshots', signal),
    refetchInterval,
  });
}

/** The latest sample of one target; null before its first sample (the API's 404). */
export function useSnapshot(targetId: string) {
  const refetchInterval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.snapshot(targetId),
    queryFn: async ({ signal }) => {
      try {
        return await apiGet<Snapshot>(`/api/targets/${encodeURIComponent(targetId)}/snapshot`, signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    refetchInterval,
  });
}

/**
 * The sample at or before a past moment, with its causes (time travel); null when none is kept
 * that far back. The past does not change: fetched once per moment.
 */
export function useSnapshotAt(targetId: string, at: number | null) {
  return useQuery({
    queryKey: queryKeys.snapshotAt(targetId, at ?? 0),
    queryFn: async ({ signal }) => {
      try {
        return await apiGet<SnapshotWithCauses>(`/api/targets/${encodeURIComponent(targetId)}/snapshot?at=${at}`, signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    enabled: at !== null,
    staleTime: Infinity,
  });
}
