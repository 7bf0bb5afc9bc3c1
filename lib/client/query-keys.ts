import type { MetricName } from '@/lib/samples/metrics';
import type { TimeRange } from './time-range';

/**
 * Every query key in one place, shaped [resource, params]. Keys hold what was asked for (a range
 * like "last 1h"), never the instants it resolved to: the live feed refreshes data by
 * invalidating, not by minting new keys every second.
 */
export const queryKeys = {
  targets: () => ['targets'] as const,
  target: (id: string) => ['targets', id] as const,
  snapshots: () => ['snapshots'] as const,
  snapshot: (targetId: string) => ['snapshot', targetId] as const,
  seriesOfTarget: (targetId: string) => ['series', targetId] as const,
  series: (targetId: string, params: { metric: MetricName; range: TimeRange; points: number }) => ['series', targetId, params] as const,
};
