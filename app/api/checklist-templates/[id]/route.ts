import { authorise } from '@/lib/auth';
import { templateUpdateSchema } from '@/lib/checklists/schema';
import { getTemplate } from '@/lib/checklists/templates';
import { updateTemplate } from '@/lib/checklists/write';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  return json(await getTemplate(await getDb(), (await params).id));
});

export const PATCH = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'admin');
  const input = await parseBody(request, templateUpdateSchema);
  return json(await updateTemplate(await getDb(), actor, (await params).id, input));
});
