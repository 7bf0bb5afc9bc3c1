import { userCreateSchema } from '@/lib/accounts/schema';
import { createUser, listUsers } from '@/lib/accounts/users';
import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

export const GET = route(async (request) => {
  await authorise(request, 'admin');
  return json(await listUsers(await getDb()));
});

export const POST = route(async (request) => {
  const actor = await authorise(request, 'admin');
  const input = await parseBody(request, userCreateSchema);
  return json(await createUser(await getDb(), actor, input), 201);
});
