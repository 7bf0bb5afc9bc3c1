import { systemActor } from '@/lib/accounts/actor';
import { createSession, SESSION_COOKIE } from '@/lib/accounts/sessions';
import { isSetupCode, looksLocal } from '@/lib/accounts/setup';
import { setupSchema } from '@/lib/accounts/schema';
import { createFirstAdmin } from '@/lib/accounts/users';
import { cookie } from '@/lib/http/cookies';
import { HttpError, forbidden } from '@/lib/http/errors';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

/**
 * One-time creation of the first admin: only while no user exists, only from this machine, and
 * only with the code from the server log (lib/accounts/setup.ts says why both). Signs them in.
 */
export const POST = route(async (request) => {
  if (!looksLocal(request)) throw forbidden('setup is only possible from the machine Lifeguard runs on (localhost)');
  const input = await parseBody(request, setupSchema);
  if (!isSetupCode(input.code)) throw forbidden('wrong setup code: it is printed in the server log at start-up');
  const db = await getDb();
  const admin = await createFirstAdmin(db, systemActor('setup page'), input);
  if (!admin) throw new HttpError(409, 'setup is done: an account exists already');
  const { token } = await createSession(db, admin.id);
  const response = json(admin, 201);
  response.headers.append('Set-Cookie', cookie(request, SESSION_COOKIE, token));
  return response;
});
