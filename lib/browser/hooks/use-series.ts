'use client';

import { keepPreviousData, useQueries } from '@tanstack/react-query';
import type { MetricName } from '@/lib/samples/series-metrics';
import { apiGet } from '../api';
import { FALLBACK_POLL_MS, usePollInterval } from '../live-feed';
import { queryKeys } from '../query-keys';
import type { SeriesResponse } from '../series';
import { resolveTimeRange, type TimeRange } from '../time-range';

export interface SeriesResult {
  series: Partial<Record<MetricName, SeriesResponse>>;
  isPending: boolean;
  error: Error | null;
}

/**
 * Several metrics of one target over a range, one query per metric (so each is cached and
 * refreshed on its own). The instants are resolved inside queryFn, at fetch time: a relative
 * range keeps sliding in a tab left open, and the key stays the same.
 */
export function useSeries(targetId: string, metrics: readonly MetricName[], range: TimeRange, points = 300): SeriesResult {
  const poll = usePollInterval();
  return useQueries({
    queries: metrics.map((metric) => ({
      queryKey: queryKeys.series(targetId, { metric, range, points }),
      queryFn: ({ signal }: { signal: AbortSignal }) => {
        const { from, to } = resolveTimeRange(range, Date.now(), points);
        const search = new URLSearchParams({ metric, from: String(from), to: String(to), points: String(points) });
        return apiGet<SeriesResponse>(`/api/targets/${encodeURIComponent(targetId)}/series?${search}`, signal);
      },
      placeholderData: keepPreviousData,
      // A fixed range in the past never changes; polling it would only cost requests.
      refetchInterval:
        poll === false || range.kind === 'absolute'
          ? (false as const)
          : (query: { state: { data: SeriesResponse | undefined } }) => Math.max(FALLBACK_POLL_MS, query.state.data?.stepMs ?? 0),
    })),
    combine: (results) => {
      const series: Partial<Record<MetricName, SeriesResponse>> = {};
      metrics.forEach((metric, i) => {
        const data = results[i]?.data;
        if (data) series[metric] = data;
      });
      return {
        series,
        isPending: results.some((r) => r.isPending),
        error: results.find((r) => r.error)?.error ?? null,
      };
    },
  });
}
