import { authorise } from '@/lib/auth';
import { json, parseWith, route, searchParams } from '@/lib/http/route';
import { poolsQuerySchema } from '@/lib/pooler/params';
import { queryPoolSeries } from '@/lib/pooler/series';
import { getDb } from '@/lib/runtime';
import { getTarget } from '@/lib/targets/targets';

type Context = { params: Promise<{ id: string }> };

/** A PgBouncer target's pools over a range: per (database, user), at most `points` buckets. */
export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  const query = parseWith(poolsQuerySchema, searchParams(request));
  const db = await getDb();
  const target = await getTarget(db, (await params).id);
  return json(await queryPoolSeries(db, { targetId: target.id, ...query }));
});
