/**
 * The time range a page shows, kept in the URL so it can be shared: `?range=5m` (slides with
 * time) or `?from=…&to=…` (fixed; epoch ms or ISO 8601 with an offset). One parser for the
 * server page and the browser. Parsing never reads the clock: relative ranges are resolved to
 * instants only when data is fetched, so a tab left open keeps sliding.
 */

export const RELATIVE_RANGES = {
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
} as const;

export type RelativeRange = keyof typeof RELATIVE_RANGES;

export type TimeRange = { kind: 'relative'; range: RelativeRange } | { kind: 'absolute'; from: number; to: number };

export const DEFAULT_RANGE: TimeRange = { kind: 'relative', range: '1h' };

/** The default while an alert or incident is active on the target: long enough to show the climb. */
export const TROUBLE_RANGE: TimeRange = { kind: 'relative', range: '15m' };

/** The API refuses wider ranges; keep the URL within what it will answer. */
const MAX_ABSOLUTE_MS = 400 * 24 * 3_600_000;

export interface ParsedTimeRange {
  range: TimeRange;
  /** Why the URL's range was not used, to show the viewer instead of silently ignoring it. */
  error: string | null;
}

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function first(params: SearchParamsLike, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

function isRelative(value: string): value is RelativeRange {
  return Object.hasOwn(RELATIVE_RANGES, value);
}

/**
 * Epoch ms or ISO 8601 with Z or an offset. A bare "2025-01-01T03:00" is refused: the server
 * and each viewer would read it in their own time zone and disagree on the instant.
 */
export function parseInstant(value: string): number | null {
  if (/^\d{1,15}$/.test(value)) return Number(value);
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Whether the URL names a range at all (else the page picks its default). */
export function hasRangeInUrl(params: SearchParamsLike): boolean {
  return ['from', 'to', 'range'].some((name) => (first(params, name) ?? '') !== '');
}

/** The URL's range, or `fallback` (the page's default) when it names none or a bad one. */
export function parseTimeRange(params: SearchParamsLike, fallback: TimeRange = DEFAULT_RANGE): ParsedTimeRange {
  const from = first(params, 'from');
  const to = first(params, 'to');
  if (from !== undefined || to !== undefined) {
    const start = from === undefined ? null : parseInstant(from);
    const end = to === undefined ? null : parseInstant(to);
    if (start === null || end === null) {
      return { range: fallback, error: 'from and to must both be epoch milliseconds or ISO 8601 times with an offset' };
    }
    if (start >= end) return { range: fallback, error: 'from must be before to' };
    if (end - start > MAX_ABSOLUTE_MS) return { range: fallback, error: 'the range is at most 400 days' };
    return { range: { kind: 'absolute', from: start, to: end }, error: null };
  }
  const range = first(params, 'range');
  if (range === undefined || range === '') return { range: fallback, error: null };
  if (!isRelative(range)) {
    return { range: fallback, error: `range must be one of ${Object.keys(RELATIVE_RANGES).join(', ')}` };
  }
  return { range: { kind: 'relative', range }, error: null };
}

/**
 * The query string for a range (without "?"). Always explicit: the page's default depends on
 * whether the target is in trouble, and a chosen range must mean the same whatever the default.
 */
export function timeRangeSearch(range: TimeRange): string {
  if (range.kind === 'absolute') return new URLSearchParams({ from: String(range.from), to: String(range.to) }).toString();
  return new URLSearchParams({ range: range.range }).toString();
}

export function rangeDurationMs(range: TimeRange): number {
  return range.kind === 'relative' ? RELATIVE_RANGES[range.range] : range.to - range.from;
}

/** Bucket width the API will use for this many points (same rule as lib/samples/series.ts). */
export function stepFor(durationMs: number, points: number): number {
  return Math.max(1, Math.ceil(durationMs / points));
}

/**
 * The instants to ask the API for, at fetch time. A relative range ends at `now` rounded up to
 * a whole bucket, so every series fetched within the same bucket shares one grid (their buckets
 * line up when stacked) and a bucket's value does not wobble from one refetch to the next.
 */
export function resolveTimeRange(range: TimeRange, now: number, points: number): { from: number; to: number } {
  if (range.kind === 'absolute') return { from: range.from, to: range.to };
  const duration = RELATIVE_RANGES[range.range];
  const step = stepFor(duration, points);
  const to = Math.ceil(now / step) * step;
  return { from: to - duration, to };
}

/** A short label for the picker and captions: "last 1h" or "03:10 – 04:40". */
export function describeTimeRange(range: TimeRange, format: (ms: number) => string): string {
  return range.kind === 'relative' ? `last ${range.range}` : `${format(range.from)} – ${format(range.to)}`;
}
