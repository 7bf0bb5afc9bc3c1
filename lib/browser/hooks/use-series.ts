'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MetricName } from '@/lib/samples/series-metrics';
import { apiGet } from '../api';
import { FALLBACK_POLL_MS, usePollInterval } from '../live-feed';
import { queryKeys } from '../query-keys';
import { recentSamples } from '../recent-samples';
import { seriesAsTable, tableAsSeries, type SeriesResponse, type SeriesTableResponse } from '../series';
import { appendSample, liveTable, type LiveSeriesTable } from '../series-live';
import { resolveTimeRange, type TimeRange } from '../time-range';

export interface SeriesResult {
  series: Partial<Record<MetricName, SeriesResponse>>;
  isPending: boolean;
  error: Error | null;
}

/**
 * Several metrics of one target over a range, in ONE request (a chart's metrics share a table),
 * then followed live: lib/browser/live-feed.ts appends each pushed sample to the cached table.
 * The instants are resolved inside queryFn, at fetch time: a relative range keeps sliding in a
 * tab left open, and the key stays the same.
 */
export function useSeries(targetId: string, metrics: readonly MetricName[], range: TimeRange, points = 300): SeriesResult {
  const poll = usePollInterval();
  const query = useQuery({
    queryKey: queryKeys.series(targetId, { metrics, range, points }),
    queryFn: async ({ signal }) => {
      const startedAt = Date.now();
      const { from, to } = resolveTimeRange(range, startedAt, points);
      const search = new URLSearchParams({ metric: metrics.join(','), from: String(from), to: String(to), points: String(points) });
      const answer = await apiGet<SeriesResponse | SeriesTableResponse>(`/api/targets/${encodeURIComponent(targetId)}/series?${search}`, signal);
      // Samples pushed while the request was out are not in its answer: replayed onto it.
      let table: LiveSeriesTable = liveTable('rows' in answer ? answer : seriesAsTable(answer), startedAt);
      for (const snapshot of recentSamples(targetId)) table = appendSample(table, snapshot, range.kind === 'relative').table;
      return table;
    },
    select: tableAsSeries,
    placeholderData: keepPreviousData,
    // Polling is the fallback while the feed is down; a fixed range in the past never changes.
    refetchInterval:
      poll === false || range.kind === 'absolute'
        ? false
        : (q: { state: { data: LiveSeriesTable | undefined } }) => Math.max(FALLBACK_POLL_MS, q.state.data?.stepMs ?? 0),
  });
  return { series: query.data ?? {}, isPending: query.isPending, error: query.error };
}
