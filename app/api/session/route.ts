import { isAdminToken, TOKEN_COOKIE } from '@/lib/auth';
import { unauthorized } from '@/lib/http/errors';
import { json, parseBody, route } from '@/lib/http/route';
import { signInSchema } from '@/lib/session-schema';

const COOKIE_ATTRIBUTES = 'Path=/; HttpOnly; SameSite=Strict';

/** Browser sign-in: checks the admin token once and keeps it in an http-only cookie. */
export const POST = route(async (request) => {
  const { token } = await parseBody(request, signInSchema);
  if (!isAdminToken(token)) throw unauthorized('that is not the admin token');
  const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
  const response = json({ signedIn: true });
  response.headers.set('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; ${COOKIE_ATTRIBUTES}; Max-Age=2592000${secure}`);
  return response;
});

export const DELETE = route(async () => {
  const response = new Response(null, { status: 204 });
  response.headers.set('Set-Cookie', `${TOKEN_COOKIE}=; ${COOKIE_ATTRIBUTES}; Max-Age=0`);
  return response;
});
