import { authorise } from '@/lib/auth';
import { drillParamsSchema } from '@/lib/drills/schema';
import { listDrills, startDrill } from '@/lib/drills/drills';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

/** The target's drills, newest first. */
export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  return json(await listDrills(await getDb(), (await params).id));
});

/** Starts a drill in this process; answers at once with the running report. */
export const POST = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'admin');
  const input = await parseBody(request, drillParamsSchema);
  return json(await startDrill(await getDb(), actor, (await params).id, input), 201);
});
