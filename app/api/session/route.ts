import { createRateLimiter, clientAddress } from '@/lib/accounts/rate-limit';
import { signInSchema } from '@/lib/accounts/schema';
import { createSession, deleteSession, SESSION_COOKIE } from '@/lib/accounts/sessions';
import { checkPassword } from '@/lib/accounts/sign-in';
import { isAdminToken, isOpen, readCookie, TOKEN_COOKIE, whoIs } from '@/lib/auth';
import { cookie } from '@/lib/http/cookies';
import { unauthorized } from '@/lib/http/errors';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

/** 10 attempts a minute per address and account: slow enough to make guessing useless. */
const limiter = ((globalThis as unknown as { lifeguardSignInLimiter?: ReturnType<typeof createRateLimiter> }).lifeguardSignInLimiter ??= createRateLimiter(10, 60_000));

/**
 * Browser sign-in: `{email, password}` starts a session (only its hash is stored; the cookie has
 * no Max-Age, the server's sliding expiry decides), `{token}` keeps the admin token in a cookie.
 */
export const POST = route(async (request) => {
  const input = await parseBody(request, signInSchema);
  limiter.hit(`${clientAddress(request)}|${'email' in input ? input.email : 'admin-token'}`);
  const response = json({ signedIn: true });
  if ('token' in input) {
    if (!isAdminToken(input.token)) throw unauthorized('that is not the admin token');
    response.headers.append('Set-Cookie', cookie(request, TOKEN_COOKIE, input.token, { maxAgeSeconds: 2_592_000, sameSite: 'Strict' }));
    return response;
  }
  const db = await getDb();
  const user = await checkPassword(db, input.email, input.password);
  const { token } = await createSession(db, user.id);
  response.headers.append('Set-Cookie', cookie(request, SESSION_COOKIE, token));
  return response;
});

export const DELETE = route(async (request) => {
  const session = readCookie(request, SESSION_COOKIE);
  if (session) await deleteSession(await getDb(), session);
  const response = new Response(null, { status: 204 });
  response.headers.append('Set-Cookie', cookie(request, SESSION_COOKIE, '', { maxAgeSeconds: 0 }));
  response.headers.append('Set-Cookie', cookie(request, TOKEN_COOKIE, '', { maxAgeSeconds: 0, sameSite: 'Strict' }));
  return response;
});

/** Who this browser is: `{user, kind, role, open}`; never a 401, so pages can ask before signing in. */
export const GET = route(async (request) => {
  const actor = await whoIs(request).catch(() => null);
  const open = actor === null && (await isOpen());
  return json({ user: actor?.user ?? null, kind: actor?.kind ?? 'anonymous', role: actor?.role ?? (open ? 'admin' : null), open });
});
