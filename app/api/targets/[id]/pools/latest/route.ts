import { authorise } from '@/lib/auth';
import { json, route } from '@/lib/http/route';
import { latestPools } from '@/lib/pooler/series';
import { getDb } from '@/lib/runtime';
import { getTarget } from '@/lib/targets/targets';

type Context = { params: Promise<{ id: string }> };

/** The pools of a PgBouncer target's latest sample; `at` null and no pools before the first. */
export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  const db = await getDb();
  const target = await getTarget(db, (await params).id);
  return json(await latestPools(db, target.id));
});
