import { authorise } from '@/lib/auth';
import { snapshotWithCauses } from '@/lib/finding/moment';
import { notFound } from '@/lib/http/errors';
import { json, parseWith, route, searchParams } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { snapshotQuerySchema } from '@/lib/samples/series-params';
import { latestSnapshot } from '@/lib/samples/snapshot';
import { getTarget } from '@/lib/targets/targets';

type Context = { params: Promise<{ id: string }> };

/** The latest sample (the live feed's shape), or with `at` the sample at or before that moment, with its causes. */
export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  const { at } = parseWith(snapshotQuerySchema, searchParams(request));
  const db = await getDb();
  const target = await getTarget(db, (await params).id);
  if (at === undefined) {
    const snapshot = await latestSnapshot(db, target.id);
    if (!snapshot) throw notFound(`no sample of target ${target.name} yet`);
    return json(snapshot);
  }
  const snapshot = await snapshotWithCauses(db, target, new Date(at));
  if (!snapshot) throw notFound(`no sample of target ${target.name} at or before ${new Date(at).toISOString()}`);
  return json(snapshot);
});
