import { timingSafeEqual } from 'node:crypto';
import { config } from './config';
import { unauthorized } from './http/errors';

export type Role = 'viewer' | 'admin';

export interface Actor {
  kind: 'admin-token' | 'anonymous';
  role: Role;
}

/** Browsers cannot put a bearer header on an EventSource: after sign-in they carry the token in this cookie. */
export const TOKEN_COOKIE = 'lifeguard_token';

/**
 * The one authorisation check every API route calls. Today: with LIFEGUARD_ADMIN_TOKEN set,
 * every route needs `Authorization: Bearer <token>` (or the sign-in cookie holding it); unset,
 * local use stays open. Accounts and roles will plug in here without touching the routes.
 */
export function authorise(request: Request, needed: Role, adminToken = config().adminToken): Actor {
  void needed; // one role exists today; the argument records what each route needs.
  if (!adminToken) return { kind: 'anonymous', role: 'admin' };
  const given = bearerToken(request) ?? cookieToken(request);
  if (given === undefined || !isAdminToken(given, adminToken)) throw unauthorized();
  return { kind: 'admin-token', role: 'admin' };
}

export function isAdminToken(given: string, adminToken = config().adminToken): boolean {
  if (!adminToken) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(adminToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearerToken(request: Request): string | undefined {
  return /^Bearer\s+(.+)$/i.exec((request.headers.get('authorization') ?? '').trim())?.[1];
}

function cookieToken(request: Request): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
