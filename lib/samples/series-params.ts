import { z } from 'zod';
import { METRIC_NAMES, type MetricName } from './series-metrics';

export const MAX_POINTS = 2000;
export const DEFAULT_POINTS = 300;
const MAX_RANGE_MS = 400 * 24 * 3600 * 1000;

/** A point in time as epoch milliseconds or an ISO 8601 string. */
const instant = z.union([
  z.string().regex(/^\d{1,15}$/).transform(Number),
  z.iso.datetime({ offset: true }).transform((value) => Date.parse(value)),
], { error: 'must be epoch milliseconds or an ISO 8601 time' });

const points = z.coerce
  .number({ error: 'points must be a number' })
  .int('points must be a whole number')
  .min(1, 'points must be at least 1')
  .max(MAX_POINTS, `points must be at most ${MAX_POINTS}`)
  .default(DEFAULT_POINTS);

/** The time range and point cap shared by the series and the export. */
export const rangeShape = { from: instant.optional(), to: instant.optional(), points };

/** `to` defaults to now, `from` to an hour before; the range must be forward and at most 400 days. */
export function resolveRange<T extends { from?: number; to?: number }>({ from, to, ...rest }: T, ctx: z.RefinementCtx) {
  const end = to ?? Date.now();
  const start = from ?? end - 3600_000;
  if (start >= end) ctx.addIssue({ code: 'custom', message: 'from must be before to', path: ['from'] });
  if (end - start > MAX_RANGE_MS) ctx.addIssue({ code: 'custom', message: 'the range is at most 400 days', path: ['from'] });
  return { ...rest, from: start, to: end };
}

const KNOWN_METRICS: ReadonlySet<string> = new Set(METRIC_NAMES);

/**
 * One metric or several, comma-separated (`metric=total,active`): a chart asks for all its
 * metrics in one request. Every unknown name is named in the error, not only the first.
 */
const metrics = z
  .string({ error: 'metric is required' })
  .transform((value, ctx) => {
    const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
    const unknown = names.filter((name) => !KNOWN_METRICS.has(name));
    if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'metric is required' });
    else if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `unknown metric ${unknown.join(', ')}: metric must be one of ${METRIC_NAMES.join(', ')}` });
    }
    return [...new Set(names)] as MetricName[];
  });

/** Query parameters of GET /api/targets/{id}/series. */
export const seriesQuerySchema = z
  .strictObject({ metric: metrics, ...rangeShape })
  .transform(resolveRange);

/** Query parameters of GET /api/targets/{id}/export: the series' range, and csv (default) or json. */
export const exportQuerySchema = z
  .strictObject({ format: z.enum(['csv', 'json'], { error: 'format must be csv or json' }).default('csv'), ...rangeShape })
  .transform(resolveRange);

export type ExportQuery = z.infer<typeof exportQuerySchema>;

/** Query parameters of GET /api/targets/{id}/snapshot: `at`, the moment to look at (default: the latest sample). */
export const snapshotQuerySchema = z.strictObject({ at: instant.optional() });
