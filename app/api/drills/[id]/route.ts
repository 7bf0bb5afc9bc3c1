import { authorise } from '@/lib/auth';
import { getDrill } from '@/lib/drills/drills';
import { json, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  return json(await getDrill(await getDb(), (await params).id));
});
