import { authorise } from '@/lib/auth';
import { json, parseWith, route, searchParams } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { seriesOfTable } from '@/lib/samples/series';
import { sharedSeriesTable } from '@/lib/samples/series-shared';
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
  // Viewers asking the same question at once share one query (a crowd at one range does).
  const table = await sharedSeriesTable(db, { targetId: target.id, metrics, ...range });
  // One metric keeps the answer existing callers read; several answer one table (docs/api.md).
  return json(metrics.length === 1 && only ? seriesOfTable(only, table) : table);
});

/** `metric` may be repeated (`metric=a&metric=b`) as well as comma-separated: both mean the list. */
function seriesSearchParams(request: Request): Record<string, string> {
  const params = searchParams(request);
  const metrics = new URL(request.url).searchParams.getAll('metric');
  return metrics.length > 1 ? { ...params, metric: metrics.join(',') } : params;
}
