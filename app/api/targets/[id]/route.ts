import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { targetSettingsSchema } from '@/lib/targets/schema';
import { getTargetSettings, updateTargetSettings } from '@/lib/targets/settings';
import { deleteTarget, getTarget } from '@/lib/targets/targets';

type Context = { params: Promise<{ id: string }> };

/** The target with its settings (allowDrills), which the target page needs beside the connection. */
export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  const db = await getDb();
  const id = (await params).id;
  const target = await getTarget(db, id);
  return json({ ...target, ...(await getTargetSettings(db, id)) });
});

/** Changes settings only ({allowDrills}); the connection itself is changed by re-adding the target. */
export const PATCH = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'admin');
  const input = await parseBody(request, targetSettingsSchema);
  const db = await getDb();
  const id = (await params).id;
  const settings = await updateTargetSettings(db, actor, id, input);
  return json({ ...(await getTarget(db, id)), ...settings });
});

export const DELETE = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'admin');
  await deleteTarget(await getDb(), actor, (await params).id);
  return new Response(null, { status: 204 });
});
