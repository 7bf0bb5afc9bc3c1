import { z } from 'zod';
import { rangeShape, resolveRange } from '@/lib/samples/series-params';
import { APPLICATION_METRICS } from './metrics';

/** An application or instance name as reports carry it (lib/ingest/schema.ts). */
const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** Query parameters of GET /api/applications/{name}/series: the target series' range and cap, and one instance if asked. */
export const applicationSeriesQuerySchema = z
  .strictObject({
    metric: z.enum(APPLICATION_METRICS, { error: `metric must be one of ${APPLICATION_METRICS.join(', ')}` }),
    instance: name.optional(),
    ...rangeShape,
  })
  .transform(resolveRange);

export type ApplicationSeriesQuery = z.infer<typeof applicationSeriesQuerySchema>;

/** Query parameters of GET /api/applications: the instances that reported in [from, to) (default the last hour), of one target if asked. */
export const applicationListQuerySchema = z
  .strictObject({
    targetId: z.uuid({ error: 'targetId must be a target id (a UUID)' }).optional(),
    from: rangeShape.from,
    to: rangeShape.to,
  })
  .transform(resolveRange);

export type ApplicationListQuery = z.infer<typeof applicationListQuerySchema>;

/** The application name in the URL path. */
export const applicationNameSchema = name;
