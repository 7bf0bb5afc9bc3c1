import { z } from 'zod';
import { rangeShape, resolveRange } from '@/lib/samples/series-params';

/** Query parameters of GET /api/targets/{id}/pools: the same range and point cap as the series. */
export const poolsQuerySchema = z.strictObject(rangeShape).transform(resolveRange);
