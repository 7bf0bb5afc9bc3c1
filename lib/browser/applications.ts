import type { ApplicationInstance, ApplicationSummary } from '@/lib/applications/types';
import { rangeDurationMs, timeRangeSearch, type TimeRange } from './time-range';

/** Buckets no narrower than this: reporters send every 5 s by default, and a bucket without a report would draw as a gap. */
const MIN_APPLICATION_STEP_MS = 10_000;

/** Points to ask an application series for: at most 300, each bucket at least 10 s wide. */
export function applicationPoints(range: TimeRange): number {
  return Math.max(1, Math.min(300, Math.floor(rangeDurationMs(range) / MIN_APPLICATION_STEP_MS)));
}

/** The application's page, keeping the range on screen when one is given. */
export function applicationHref(name: string, range?: TimeRange): string {
  const search = range ? timeRangeSearch(range) : '';
  return `/applications/${encodeURIComponent(name)}${search ? `?${search}` : ''}`;
}

/** "3 of 4 instances reporting": how many of an application's instances count in its current figures. */
export function instancesLine(app: Pick<ApplicationSummary, 'instances'>): string {
  const current = app.instances.filter((i) => i.current).length;
  const total = app.instances.length;
  const noun = total === 1 ? 'instance' : 'instances';
  return current === total ? `${total} ${noun} reporting` : `${current} of ${total} ${noun} reporting`;
}

/** An instance's pool as "12 / 50": what it holds of its maximum. */
export function poolUse(instance: ApplicationInstance): string {
  return instance.latest ? `${instance.latest.total} / ${instance.latest.poolMax}` : '–';
}
