import 'server-only';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import { badRequest, conflict, notFound } from '../http/errors';
import { transaction } from '../store/transaction';
import { isUuid } from '../store/values';
import type { Actor, ActorUser } from './actor';
import { recordAudit } from './audit';
import { hashPassword } from './password';
import { forgetCheckedSessions } from './sessions';
import type { UserCreateInput, UserRole, UserUpdateInput } from './schema';

/** A user as the API shows it: never the password hash. */
export interface UserView extends ActorUser {
  createdAt: string;
  disabledAt: string | null;
}

type UserRow = { id: string; email: string; displayName: string; role: UserRole; createdAt: Date; disabledAt: Date | null };

export function toUserView(row: UserRow): UserView {
  return { id: row.id, email: row.email, displayName: row.displayName, role: row.role, createdAt: row.createdAt.toISOString(), disabledAt: row.disabledAt?.toISOString() ?? null };
}

const usersExist = new WeakMap<Db, true>();

/**
 * Whether any account exists: with none (and no admin token) Lifeguard stays open for local use.
 * Only "yes" is cached — users are never deleted, so it cannot turn back — and a "no" is asked
 * again each time, so a user created on another replica closes this one too.
 */
export async function hasUsers(db: Db): Promise<boolean> {
  if (usersExist.has(db)) return true;
  const found = (await db.user.findFirst({ select: { id: true } })) !== null;
  if (found) usersExist.set(db, true);
  return found;
}

export async function listUsers(db: Db): Promise<UserView[]> {
  return (await db.user.findMany({ orderBy: { email: 'asc' } })).map(toUserView);
}

export async function createUser(db: Db, actor: Actor, input: UserCreateInput): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await transaction(db, async (tx) => {
      const row = await tx.user.create({ data: { email: input.email, displayName: input.displayName, role: input.role, passwordHash } });
      await recordAudit(tx, actor, { action: 'user.create', subjectType: 'user', subjectId: row.id, details: { email: row.email, role: row.role } });
      return toUserView(row);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw conflict(`a user with email ${input.email} already exists`);
    throw error;
  }
}

export async function updateUser(db: Db, actor: Actor, id: string, input: UserUpdateInput): Promise<UserView> {
  if (!isUuid(id)) throw notFound(`no user with id ${id}`);
  // Nobody locks Lifeguard by demoting or disabling themselves by mistake.
  if (actor.user?.id === id && (input.disabled === true || (input.role && input.role !== 'admin'))) throw badRequest('you cannot demote or disable yourself');
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  const updated = await transaction(db, async (tx) => {
    const current = await tx.user.findUnique({ where: { id } });
    if (!current) throw notFound(`no user with id ${id}`);
    const disabledAt = input.disabled === undefined ? undefined : input.disabled ? (current.disabledAt ?? new Date()) : null;
    const row = await tx.user.update({ where: { id }, data: { displayName: input.displayName, role: input.role, disabledAt, passwordHash } });
    // A reset password or a disabled account ends every session it had.
    if (passwordHash !== undefined || input.disabled === true) await tx.session.deleteMany({ where: { userId: id } });
    const changed = Object.keys(input).filter((key) => key !== 'password');
    await recordAudit(tx, actor, { action: 'user.update', subjectType: 'user', subjectId: id, details: { changed, passwordReset: passwordHash !== undefined, role: row.role } });
    return toUserView(row);
  });
  // Sessions this replica checked recently carry the old role or a user now disabled: asked again.
  forgetCheckedSessions(db);
  return updated;
}

/** The first admin, when none exists yet: from LIFEGUARD_ADMIN_EMAIL/PASSWORD at start-up, or /setup (the actor names which). */
export async function createFirstAdmin(db: Db, actor: Actor, input: { email: string; displayName: string; password: string }): Promise<UserView | null> {
  const passwordHash = await hashPassword(input.password);
  return transaction(db, async (tx) => {
    // One at a time, so two replicas starting together (or two setup tabs) create one admin.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('lifeguard_first_admin'))`;
    if ((await tx.user.count()) > 0) return null;
    const row = await tx.user.create({ data: { email: input.email, displayName: input.displayName, role: 'admin', passwordHash } });
    await recordAudit(tx, actor, { action: 'user.create', subjectType: 'user', subjectId: row.id, details: { email: row.email, role: 'admin', firstAdmin: true } });
    return toUserView(row);
  });
}
