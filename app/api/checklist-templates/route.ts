import { authorise } from '@/lib/auth';
import { listTemplates } from '@/lib/checklists/templates';
import { createTemplate } from '@/lib/checklists/write';
import { templateCreateSchema, templateListQuerySchema } from '@/lib/checklists/schema';
import { json, parseBody, parseWith, route, searchParams } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

export const GET = route(async (request) => {
  await authorise(request, 'viewer');
  const query = parseWith(templateListQuerySchema, searchParams(request));
  return json(await listTemplates(await getDb(), { archived: query.archived === '1' }));
});

export const POST = route(async (request) => {
  const actor = await authorise(request, 'admin');
  const input = await parseBody(request, templateCreateSchema);
  return json(await createTemplate(await getDb(), actor, input), 201);
});
