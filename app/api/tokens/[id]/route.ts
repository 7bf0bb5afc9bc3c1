import { revokeToken } from '@/lib/accounts/api-tokens';
import { authorise } from '@/lib/auth';
import { route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

/** Revokes: the row stays (with revokedAt) so the list and the audit log still name it. */
export const DELETE = route(async (request, { params }: Context) => {
  const actor = await authorise(request, 'admin');
  await revokeToken(await getDb(), actor, (await params).id);
  return new Response(null, { status: 204 });
});
