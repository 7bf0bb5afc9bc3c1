import { timingSafeEqual } from 'node:crypto';
import { config } from './config';
import { unauthorized } from './http/errors';

export type Role = 'viewer' | 'admin';

export interface Actor {
  kind: 'admin-token' | 'anonymous';
  role: Role;
}

/**
 * The one authorisation check every API route calls. Today: with LIFEGUARD_ADMIN_TOKEN set,
 * every route needs `Authorization: Bearer <token>`; unset, local use stays open. Accounts and
 * roles will plug in here without touching the routes.
 */
export function authorise(request: Request, needed: Role, adminToken = config().adminToken): Actor {
  void needed; // one role exists today; the argument records what each route needs.
  if (!adminToken) return { kind: 'anonymous', role: 'admin' };
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match?.[1] || !sameSecret(match[1], adminToken)) throw unauthorized();
  return { kind: 'admin-token', role: 'admin' };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
