import { authorise } from '@/lib/auth';
import { json, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { deleteTarget, getTarget } from '@/lib/targets/targets';

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  return json(await getTarget(await getDb(), (await params).id));
});

export const DELETE = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'admin');
  await deleteTarget(await getDb(), (await params).id, actor);
  return new Response(null, { status: 204 });
});
