import { authorise } from '@/lib/auth';
import { json, parseWith, route, searchParams } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { querySeries } from '@/lib/samples/series';
import { seriesQuerySchema } from '@/lib/samples/series-params';
import { getTarget } from '@/lib/targets/targets';

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  const query = parseWith(seriesQuerySchema, searchParams(request));
  const db = await getDb();
  const target = await getTarget(db, (await params).id);
  return json(await querySeries(db, { targetId: target.id, ...query }));
});
