import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { grants, type Actor, type Role } from './accounts/actor';
import { tokenFromSecret } from './accounts/api-tokens';
import { SESSION_COOKIE, sessionUser } from './accounts/sessions';
import { hasUsers } from './accounts/users';
import { config } from './config';
import type { Db } from './store/db';
import { forbidden, unauthorized } from './http/errors';
import { getDb } from './runtime';

export type { Actor, Role } from './accounts/actor';

/** The tokens authorise() checks against; the configuration's, unless a caller passes its own. */
export interface Tokens {
  adminToken: string | undefined;
  ingestToken?: string | undefined;
}

/** Browsers cannot put a bearer header on an EventSource: after a token sign-in they carry it in this cookie. */
export const TOKEN_COOKIE = 'lifeguard_token';

const OPEN: Actor = { kind: 'anonymous', role: 'admin', name: 'anonymous' };

/**
 * The one authorisation check every API route calls; answers who is calling or throws 401
 * (nobody we know) / 403 (known, but the role is too low). Callers, in order: a bearer token
 * (LIFEGUARD_ADMIN_TOKEN, LIFEGUARD_INGEST_TOKEN, or an API token from /api/tokens), the
 * admin-token cookie, a session cookie. With no user and no token configured, local use stays
 * open as before accounts existed (an anonymous admin); ingest is open only then too.
 */
export async function authorise(request: Request, needed: Role, tokens: Tokens = config(), db?: Db): Promise<Actor> {
  const actor = await identify(request, tokens, db, needed);
  if (!grants(actor.role, needed)) throw forbidden(`this needs the ${needed} role; you are ${actor.role === 'ingest' || actor.role === 'alerts' ? `an ${actor.role} token` : `a ${actor.role}`}`);
  return actor;
}

/**
 * Any caller Lifeguard knows, an ingest token as much as a signed-in viewer: for read-only answers
 * that applications (with the ingest token they already hold) and people both need, such as a
 * pool's allowance and a deploy's budget check. Open exactly when ingest is open.
 */
export async function authoriseCaller(request: Request, tokens: Tokens = config(), db?: Db): Promise<Actor> {
  return identify(request, tokens, db, 'ingest');
}

/** Who is calling, without a role check (GET /api/session); anonymous-but-open is an admin, anonymous-and-closed throws 401. */
export async function identify(request: Request, tokens: Tokens = config(), db?: Db, needed: Role = 'viewer'): Promise<Actor> {
  const actor = await whoIs(request, tokens, db);
  if (actor) return actor;
  if (await isOpen(tokens, db, needed)) return OPEN;
  throw unauthorized(bearerToken(request) === undefined ? 'sign in, or send Authorization: Bearer <token>' : 'unknown or revoked bearer token');
}

/** Like identify(), but null instead of a 401. */
export async function whoIs(request: Request, tokens: Tokens = config(), db?: Db): Promise<Actor | null> {
  const bearer = bearerToken(request);
  if (bearer !== undefined) return tokenActor(bearer, tokens, db);
  const adminCookie = readCookie(request, TOKEN_COOKIE);
  if (adminCookie !== undefined && sameToken(adminCookie, tokens.adminToken)) return { kind: 'admin-token', role: 'admin', name: 'admin token' };
  const session = readCookie(request, SESSION_COOKIE);
  if (session) {
    const user = await sessionUser(db ?? (await getDb()), session);
    if (user) return { kind: 'user', role: user.role, user, name: user.displayName };
  }
  return null;
}

/**
 * Open mode: nothing to authenticate against yet (no admin token, no user). The ingest token
 * alone closes only ingest, as before accounts: applications get a token, the local UI stays open.
 */
export async function isOpen(tokens: Tokens = config(), db?: Db, needed: Role = 'viewer'): Promise<boolean> {
  if (tokens.adminToken !== undefined || (needed === 'ingest' && tokens.ingestToken !== undefined)) return false;
  return !(await hasUsers(db ?? (await getDb())));
}

async function tokenActor(given: string, tokens: Tokens, db: Db | undefined): Promise<Actor | null> {
  if (sameToken(given, tokens.adminToken)) return { kind: 'admin-token', role: 'admin', name: 'admin token' };
  if (sameToken(given, tokens.ingestToken)) return { kind: 'api-token', role: 'ingest', name: 'ingest token' };
  const token = await tokenFromSecret(db ?? (await getDb()), given);
  return token ? { kind: 'api-token', role: token.role, name: `token ${token.name}` } : null;
}

export function isAdminToken(given: string, adminToken = config().adminToken): boolean {
  return sameToken(given, adminToken);
}

function sameToken(given: string, expected: string | undefined): boolean {
  if (!expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearerToken(request: Request): string | undefined {
  return /^Bearer\s+(.+)$/i.exec((request.headers.get('authorization') ?? '').trim())?.[1];
}

export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
