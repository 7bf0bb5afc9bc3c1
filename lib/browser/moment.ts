import { parseInstant, timeRangeSearch, type TimeRange } from './time-range';

/**
 * The moment a target page looks at instead of "now", kept in the URL beside the range
 * (`?at=<epoch ms>`, or ISO 8601 with an offset) so a link shows the same past to everyone.
 * One parser for the server page and the browser, like the range's.
 */

export interface ParsedMoment {
  /** Epoch ms; null: live. */
  at: number | null;
  /** Why the URL's moment was not used, to show instead of silently ignoring it. */
  error: string | null;
}

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

export function parseMoment(params: SearchParamsLike): ParsedMoment {
  const raw = params instanceof URLSearchParams ? params.get('at') : [params.at].flat()[0];
  if (raw === undefined || raw === null || raw === '') return { at: null, error: null };
  const at = parseInstant(raw);
  if (at === null) return { at: null, error: 'at must be epoch milliseconds or an ISO 8601 time with an offset' };
  return { at, error: null };
}

/** The target page's URL for a range, looking at `at` (null: live). */
export function targetPageHref(targetId: string, range: TimeRange, at: number | null): string {
  const search = new URLSearchParams(timeRangeSearch(range));
  if (at !== null) search.set('at', String(Math.round(at)));
  const query = search.toString();
  return `/targets/${encodeURIComponent(targetId)}${query ? `?${query}` : ''}`;
}

/** "10:32:14" on the viewer's clock, with the day in front when it is not today: the moment being viewed. */
export function momentLabel(ms: number, now: number): string {
  const clock = new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  if (new Date(ms).toDateString() === new Date(now).toDateString()) return clock;
  return `${new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${clock}`;
}
