import 'server-only';
import type { Db } from '../store/db';
import type { ActorUser } from './actor';
import { hashToken, newSecretToken } from './secret-token';

/** Sessions last 12 h from their last use (sliding), so a dashboard left open on a wall stays signed in. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Sliding the expiry is a write; once a minute per session is enough. */
const TOUCH_EVERY_MS = 60_000;

export const SESSION_COOKIE = 'lifeguard_session';

/**
 * How long this replica trusts a session it checked, without asking the store again. An open
 * page makes a burst of requests (a target page ~16 when it opens, all with the same cookie),
 * and a crowd of viewers during an incident multiplies that: one look-up serves the burst.
 * Signing out, disabling a user or resetting a password on THIS replica takes effect at once
 * (forgotten below); made on another replica, within this long.
 */
export const SESSION_CHECK_TTL_MS = 2_000;

export interface Checked {
  user: ActorUser | null;
  checkedAt: number;
}

/**
 * Beyond this many remembered checks, the stale ones are swept: every request with an unknown
 * cookie adds an entry, so without a bound random cookies would grow the map without end.
 */
export const MAX_CHECKED_SESSIONS = 10_000;

/** Per store client (tests run several), by token hash: answers, and look-ups in flight. */
const checkedSessions = new WeakMap<Db, Map<string, Checked | Promise<ActorUser | null>>>();

function sessionsOf(db: Db): Map<string, Checked | Promise<ActorUser | null>> {
  let sessions = checkedSessions.get(db);
  if (!sessions) {
    sessions = new Map();
    checkedSessions.set(db, sessions);
  }
  return sessions;
}

export async function createSession(db: Db, userId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecretToken('lgs_');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.session.create({ data: { tokenHash: hashToken(token), userId, expiresAt, lastSeenAt: now } });
  return { token, expiresAt };
}

/**
 * The user behind a session token, or null when unknown, expired or the account is disabled.
 * Answered from this replica's recent check when there is one (SESSION_CHECK_TTL_MS), and
 * concurrent checks of one token share one look-up.
 */
export async function sessionUser(db: Db, token: string, now = new Date()): Promise<ActorUser | null> {
  const tokenHash = hashToken(token);
  const sessions = sessionsOf(db);
  const known = sessions.get(tokenHash);
  if (known instanceof Promise) return known;
  if (known && now.getTime() - known.checkedAt < SESSION_CHECK_TTL_MS) return known.user;
  const lookup = lookUpSession(db, tokenHash, now);
  sessions.set(tokenHash, lookup);
  try {
    const user = await lookup;
    // Unless it was forgotten meanwhile (a sign-out): then the next request asks again.
    if (sessions.get(tokenHash) === lookup) {
      if (sessions.size > MAX_CHECKED_SESSIONS) sweepStaleChecks(sessions, now.getTime());
      sessions.set(tokenHash, { user, checkedAt: now.getTime() });
    }
    return user;
  } catch (error) {
    if (sessions.get(tokenHash) === lookup) sessions.delete(tokenHash);
    throw error;
  }
}

/** Drops the checks that are no longer trusted; if all are fresh (a flood of cookies), all of them. */
export function sweepStaleChecks(sessions: Map<string, Checked | Promise<ActorUser | null>>, nowMs: number): void {
  for (const [hash, entry] of sessions) {
    if (!(entry instanceof Promise) && nowMs - entry.checkedAt >= SESSION_CHECK_TTL_MS) sessions.delete(hash);
  }
  if (sessions.size > MAX_CHECKED_SESSIONS) {
    for (const [hash, entry] of sessions) if (!(entry instanceof Promise)) sessions.delete(hash);
  }
}

/** Forgets this replica's checks of every session (a user was disabled, demoted or got a new password). */
export function forgetCheckedSessions(db: Db): void {
  checkedSessions.delete(db);
}

async function lookUpSession(db: Db, tokenHash: string, now: Date): Promise<ActorUser | null> {
  const session = await db.session.findUnique({ where: { tokenHash }, include: { user: true } });
  if (!session || session.expiresAt <= now || session.user.disabledAt) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) } });
    // Expired rows of anyone are swept on the way, instead of by a timer.
    await db.session.deleteMany({ where: { expiresAt: { lt: now } } });
  }
  const { id, email, displayName, role } = session.user;
  return { id, email, displayName, role };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: hashToken(token) } });
  sessionsOf(db).delete(hashToken(token));
}
