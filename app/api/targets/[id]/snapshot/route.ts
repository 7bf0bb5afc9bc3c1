import { authorise } from '@/lib/auth';
import { notFound } from '@/lib/http/errors';
import { json, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { latestSnapshot } from '@/lib/samples/snapshot';
import { getTarget } from '@/lib/targets/targets';

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  const db = await getDb();
  const target = await getTarget(db, (await params).id);
  const snapshot = await latestSnapshot(db, target.id);
  if (!snapshot) throw notFound(`no sample of target ${target.name} yet`);
  return json(snapshot);
});
