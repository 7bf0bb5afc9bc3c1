'use client';

import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import type { ApplicationMetric } from '@/lib/applications/metrics';
import type { ApplicationSummary } from '@/lib/applications/types';
import { apiGet } from '../api';
import { applicationPoints } from '../applications';
import { FALLBACK_POLL_MS, usePollInterval } from '../live-feed';
import { queryKeys } from '../query-keys';
import type { SeriesResponse } from '../series';
import { resolveTimeRange, type TimeRange } from '../time-range';

export type ApplicationSeriesResponse = SeriesResponse<ApplicationMetric> & { application: string };

/**
 * One metric of one application as a query; the instants are resolved at fetch time, like useSeries.
 * Polled only while the feed is down (pushed reports refresh it), and never for a range in the past.
 */
function seriesQuery(name: string, metric: ApplicationMetric, range: TimeRange, points: number, poll: number | false) {
  return {
    queryKey: queryKeys.applicationSeries(name, { metric, range, points }),
    queryFn: ({ signal }: { signal: AbortSignal }) => {
      const { from, to } = resolveTimeRange(range, Date.now(), points);
      const search = new URLSearchParams({ metric, from: String(from), to: String(to), points: String(points) });
      return apiGet<ApplicationSeriesResponse>(`/api/applications/${encodeURIComponent(name)}/series?${search}`, signal);
    },
    placeholderData: keepPreviousData,
    refetchInterval:
      poll === false || range.kind === 'absolute'
        ? (false as const)
        : (query: { state: { data: ApplicationSeriesResponse | undefined } }) => Math.max(FALLBACK_POLL_MS, query.state.data?.stepMs ?? 0),
  };
}

/** The applications that reported in a range (of one target if asked); pushed reports refresh the list. */
export function useApplications(params: { targetId?: string; range: TimeRange }) {
  const poll = usePollInterval();
  return useQuery({
    queryKey: queryKeys.applications(params),
    queryFn: ({ signal }) => {
      const { from, to } = resolveTimeRange(params.range, Date.now(), 300);
      const search = new URLSearchParams({ from: String(from), to: String(to), ...(params.targetId ? { targetId: params.targetId } : {}) });
      return apiGet<ApplicationSummary[]>(`/api/applications?${search}`, signal);
    },
    placeholderData: keepPreviousData,
    refetchInterval: poll === false ? false : FALLBACK_POLL_MS,
  });
}

export interface ApplicationSeriesResult {
  series: Partial<Record<ApplicationMetric, ApplicationSeriesResponse>>;
  isPending: boolean;
  error: Error | null;
}

/** Several metrics of one application over a range, one query each, resolved at fetch time like useSeries. */
export function useApplicationSeries(name: string, metrics: readonly ApplicationMetric[], range: TimeRange, points = applicationPoints(range)): ApplicationSeriesResult {
  const poll = usePollInterval();
  return useQueries({
    queries: metrics.map((metric) => seriesQuery(name, metric, range, points, poll)),
    combine: (results) => {
      const series: Partial<Record<ApplicationMetric, ApplicationSeriesResponse>> = {};
      metrics.forEach((metric, i) => {
        const data = results[i]?.data;
        if (data) series[metric] = data;
      });
      return { series, isPending: results.some((r) => r.isPending), error: results.find((r) => r.error)?.error ?? null };
    },
  });
}

/**
 * One metric of several applications, for a chart that puts them side by side (the target page's
 * applications beside its connections). Keyed as each application's own series, so the cache and
 * pushed reports serve both views.
 */
export function useApplicationsMetric(names: readonly string[], metric: ApplicationMetric, range: TimeRange, points = applicationPoints(range)) {
  const poll = usePollInterval();
  return useQueries({
    queries: names.map((name) => seriesQuery(name, metric, range, points, poll)),
    combine: (results) => {
      const series: Record<string, ApplicationSeriesResponse | undefined> = {};
      names.forEach((name, i) => {
        series[name] = results[i]?.data;
      });
      return { series, isPending: results.some((r) => r.isPending), error: results.find((r) => r.error)?.error ?? null };
    },
  });
}
