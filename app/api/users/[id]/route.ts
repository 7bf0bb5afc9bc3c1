import { userUpdateSchema } from '@/lib/accounts/schema';
import { updateUser } from '@/lib/accounts/users';
import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

/** Role, display name, disabled, or a password reset (which ends the user's sessions). */
export const PATCH = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'admin');
  const input = await parseBody(request, userUpdateSchema);
  return json(await updateUser(await getDb(), actor, (await params).id, input));
});
