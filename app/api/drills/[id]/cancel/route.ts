import { authorise } from '@/lib/auth';
import { cancelDrill } from '@/lib/drills/drills';
import { json, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

/** Answers once the drill has stopped and its pools are closed (a few seconds at most). */
export const POST = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'admin');
  return json(await cancelDrill(await getDb(), actor, (await params).id));
});
