import type { Db } from '@/lib/store/db';
import { systemActor } from '@/lib/accounts/actor';
import { hashPassword } from '@/lib/accounts/password';
import type { UserRole } from '@/lib/accounts/schema';
import { createSession, SESSION_COOKIE } from '@/lib/accounts/sessions';

/** Who acts in tests that call lib/ writes directly: no account, so incident writes record the `by` given. */
export const TEST_ACTOR = systemActor('integration test');

/** A user of the given role, signed in: the cookie header its browser would send. */
export async function signedIn(db: Db, role: UserRole, password = 'correct horse battery'): Promise<{ id: string; email: string; cookie: string }> {
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@test.local`;
  const user = await db.user.create({ data: { email, displayName: `${role} person`, role, passwordHash: await hashPassword(password) } });
  const { token } = await createSession(db, user.id);
  return { id: user.id, email, cookie: `${SESSION_COOKIE}=${token}` };
}

/** Row counts of every table of the store, to prove a refused call changed nothing. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`;
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const rows = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${name}"`);
    counts[name] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}
