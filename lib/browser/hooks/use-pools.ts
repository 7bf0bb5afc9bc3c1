'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PoolSeries } from '@/lib/pooler/types';
import { apiGet } from '../api';
import { FALLBACK_POLL_MS, usePollInterval } from '../live-feed';
import { queryKeys } from '../query-keys';
import { resolveTimeRange, type TimeRange } from '../time-range';

/** A PgBouncer target's pools over a range; instants resolved at fetch time, like useSeries. */
export function usePoolSeries(targetId: string, range: TimeRange, points = 300) {
  const poll = usePollInterval();
  return useQuery({
    queryKey: queryKeys.poolSeries(targetId, { pools: true, range, points }),
    queryFn: ({ signal }) => {
      const { from, to } = resolveTimeRange(range, Date.now(), points);
      const search = new URLSearchParams({ from: String(from), to: String(to), points: String(points) });
      return apiGet<PoolSeries>(`/api/targets/${encodeURIComponent(targetId)}/pools?${search}`, signal);
    },
    placeholderData: keepPreviousData,
    refetchInterval: poll === false || range.kind === 'absolute' ? false : (query) => Math.max(FALLBACK_POLL_MS, query.state.data?.stepMs ?? 0),
  });
}
