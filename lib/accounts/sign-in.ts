import 'server-only';
import type { Db } from '../store/db';
import { unauthorized } from '../http/errors';
import type { ActorUser } from './actor';
import { dummyPasswordHash, verifyPassword } from './password';

/** The account an email and password name; one 401 message for every failure, so nobody learns which emails exist. */
export async function checkPassword(db: Db, email: string, password: string): Promise<ActorUser> {
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.disabledAt) throw unauthorized('wrong email or password');
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role };
}
