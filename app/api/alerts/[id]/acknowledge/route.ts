import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { acknowledgeAlert } from '@/lib/alerts/alerts';
import { acknowledgeSchema } from '@/lib/alerts/schema';

type Context = { params: Promise<{ id: string }> };

export const POST = route(async (request, { params }: Context) => {
  authorise(request, 'admin');
  const { by } = await parseBody(request, acknowledgeSchema);
  return json(await acknowledgeAlert(await getDb(), (await params).id, by));
});
