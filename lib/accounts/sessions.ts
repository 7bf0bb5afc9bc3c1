import 'server-only';
import type { Db } from '../store/db';
import type { ActorUser } from './actor';
import { hashToken, newSecretToken } from './secret-token';

/** Sessions last 12 h from their last use (sliding), so a dashboard left open on a wall stays signed in. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Sliding the expiry is a write; once a minute per session is enough. */
const TOUCH_EVERY_MS = 60_000;

export const SESSION_COOKIE = 'lifeguard_session';

export async function createSession(db: Db, userId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecretToken('lgs_');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.session.create({ data: { tokenHash: hashToken(token), userId, expiresAt, lastSeenAt: now } });
  return { token, expiresAt };
}

/** The user behind a session token, or null when unknown, expired or the account is disabled. */
export async function sessionUser(db: Db, token: string, now = new Date()): Promise<ActorUser | null> {
  const session = await db.session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
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
}
