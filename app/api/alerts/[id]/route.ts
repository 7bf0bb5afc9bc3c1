import { authorise } from '@/lib/auth';
import { json, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { getAlert } from '@/lib/alerts/alerts';

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  return json(await getAlert(await getDb(), (await params).id));
});
