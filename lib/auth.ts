import { timingSafeEqual } from 'node:crypto';
import { config } from './config';
import { unauthorized } from './http/errors';

/** 'ingest' is what POST /api/ingest needs: the ingest token or the admin token grants it, nothing else. */
export type Role = 'viewer' | 'admin' | 'ingest';

export interface Actor {
  kind: 'admin-token' | 'ingest-token' | 'anonymous';
  role: Role;
}

/** The tokens authorise() checks against; the configuration's, unless a caller passes its own. */
export interface Tokens {
  adminToken: string | undefined;
  ingestToken?: string | undefined;
}

/** Browsers cannot put a bearer header on an EventSource: after sign-in they carry the token in this cookie. */
export const TOKEN_COOKIE = 'lifeguard_token';

/**
 * The one authorisation check every API route calls. Today: with LIFEGUARD_ADMIN_TOKEN set,
 * every route needs `Authorization: Bearer <token>` (or the sign-in cookie holding it); unset,
 * local use stays open. The 'ingest' role also accepts LIFEGUARD_INGEST_TOKEN, which grants
 * nothing else, so application instances never carry the admin token; ingest is open only when
 * neither token is set. Accounts and roles will plug in here without touching the routes.
 */
export function authorise(request: Request, needed: Role, tokens: Tokens = config()): Actor {
  const { adminToken, ingestToken } = tokens;
  const required = needed === 'ingest' ? adminToken !== undefined || ingestToken !== undefined : adminToken !== undefined;
  if (!required) return { kind: 'anonymous', role: needed === 'ingest' ? 'ingest' : 'admin' };
  const given = bearerToken(request) ?? cookieToken(request);
  if (given !== undefined && isAdminToken(given, adminToken)) return { kind: 'admin-token', role: 'admin' };
  if (needed === 'ingest' && given !== undefined && sameToken(given, ingestToken)) return { kind: 'ingest-token', role: 'ingest' };
  throw unauthorized();
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

function cookieToken(request: Request): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
