import { authorise } from '@/lib/auth';
import { json, parseWith, route, searchParams } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { querySeries, querySeriesTable } from '@/lib/samples/series';
import { seriesQuerySchema } from '@/lib/samples/series-params';
import { getTarget } from '@/lib/targets/targets';

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  const query = parseWith(seriesQuerySchema, seriesSearchParams(request));
  const db = await getDb();
  const target = await getTarget(db, (await params).id);
  const { metric: metrics, ...range } = query;
  const [only] = metrics;
  // One metric keeps the answer existing callers read; several answer one table (docs/api.md).
  if (metrics.length === 1 && only) return json(await querySeries(db, { targetId: target.id, metric: only, ...range }));
  return json(await querySeriesTable(db, { targetId: target.id, metrics, ...range }));
});

/** `metric` may be repeated (`metric=a&metric=b`) as well as comma-separated: both mean the list. */
function seriesSearchParams(request: Request): Record<string, string> {
  const params = searchParams(request);
  const metrics = new URL(request.url).searchParams.getAll('metric');
  return metrics.length > 1 ? { ...params, metric: metrics.join(',') } : params;
}
