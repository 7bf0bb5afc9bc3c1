import { Prisma } from '../generated/prisma/client';
import type { Db } from '../db';
import type { BootTarget } from '../config';
import { conflict, notFound } from '../http/errors';
import { redactUrl } from './redact';
import type { TargetInput } from './schema';

export const DEFAULT_INTERVAL_MS = 1000;

/** Channel on which target changes are announced to every replica's collector and browsers. */
export const TARGETS_CHANNEL = 'lifeguard_targets';

/** A target as the API and pages show it: the URL never carries its password. */
export interface TargetView {
  id: string;
  name: string;
  url: string;
  intervalMs: number;
  createdAt: string;
}

type TargetRow = { id: string; name: string; url: string; intervalMs: number; createdAt: Date };

export function toTargetView(row: TargetRow): TargetView {
  return { id: row.id, name: row.name, url: redactUrl(row.url), intervalMs: row.intervalMs, createdAt: row.createdAt.toISOString() };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listTargets(db: Db): Promise<TargetView[]> {
  const rows = await db.target.findMany({ orderBy: { name: 'asc' } });
  return rows.map(toTargetView);
}

export async function getTarget(db: Db, id: string): Promise<TargetView> {
  const row = UUID.test(id) ? await db.target.findUnique({ where: { id } }) : null;
  if (!row) throw notFound(`no target with id ${id}`);
  return toTargetView(row);
}

export async function createTarget(db: Db, input: TargetInput): Promise<TargetView> {
  try {
    const row = await db.target.create({
      data: { name: input.name, url: input.url, intervalMs: input.intervalMs ?? DEFAULT_INTERVAL_MS },
    });
    await announce(db, row.id);
    return toTargetView(row);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw conflict(`a target named ${input.name} already exists`);
    }
    throw error;
  }
}

export async function deleteTarget(db: Db, id: string): Promise<void> {
  const deleted = UUID.test(id) ? await db.target.deleteMany({ where: { id } }) : { count: 0 };
  if (deleted.count === 0) throw notFound(`no target with id ${id}`);
  await announce(db, id);
}

/** LIFEGUARD_TARGETS: registered when no target of that name exists; existing ones are left as they are. */
export async function registerBootTargets(db: Db, targets: BootTarget[]): Promise<string[]> {
  const added: string[] = [];
  for (const target of targets) {
    const result = await db.target.createMany({ data: [{ name: target.name, url: target.url }], skipDuplicates: true });
    if (result.count > 0) added.push(target.name);
  }
  if (added.length > 0) await announce(db, '*');
  return added;
}

async function announce(db: Db, targetId: string): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${TARGETS_CHANNEL}, ${targetId})`;
}
