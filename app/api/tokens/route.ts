import { createToken, listTokens } from '@/lib/accounts/api-tokens';
import { createRateLimiter } from '@/lib/accounts/rate-limit';
import { tokenCreateSchema } from '@/lib/accounts/schema';
import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

/** A stolen admin session should not mint tokens by the thousand: 10 a minute per admin. */
const limiter = ((globalThis as unknown as { lifeguardTokenLimiter?: ReturnType<typeof createRateLimiter> }).lifeguardTokenLimiter ??= createRateLimiter(10, 60_000));

export const GET = route(async (request) => {
  await authorise(request, 'admin');
  return json(await listTokens(await getDb()));
});

/** 201 with `token`: the only time the secret is shown. */
export const POST = route(async (request) => {
  const actor = await authorise(request, 'admin');
  const input = await parseBody(request, tokenCreateSchema);
  limiter.hit(`${actor.kind}|${actor.user?.id ?? actor.name}`);
  return json(await createToken(await getDb(), actor, input), 201);
});
