import { authorise } from '@/lib/auth';
import { route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { deleteSilence } from '@/lib/alerts/silences';

type Context = { params: Promise<{ id: string }> };

export const DELETE = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'responder');
  await deleteSilence(await getDb(), actor, (await params).id);
  return new Response(null, { status: 204 });
});
