import 'server-only';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import type { BootTarget } from '../config';
import type { Actor } from '../accounts/actor';
import { recordAudit } from '../accounts/audit';
import { badRequest, conflict, notFound } from '../http/errors';
import { transaction } from '../store/transaction';
import { isEncrypted } from '../secrets/cipher';
import { revealSecret, sealSecret } from '../secrets/key';
import { announceTarget } from '../events/channels';
import { assertProbeDatabase } from '../pooler/probe-database';
import { redactUrl } from './redact';
import type { TargetInput, TargetKind } from './schema';

export const DEFAULT_INTERVAL_MS = 1000;

/** A target as the API and pages show it: the URL never carries its password. */
export interface TargetView {
  id: string;
  name: string;
  url: string;
  intervalMs: number;
  kind: TargetKind;
  /** For a pgbouncer target: the PostgreSQL target behind it. */
  backendTargetId: string | null;
  /** For a pgbouncer target: the pooled database its probe connects to; null: chosen from SHOW DATABASES. */
  probeDatabase: string | null;
  createdAt: string;
}

type TargetRow = { id: string; name: string; url: string; intervalMs: number; kind: string; backendTargetId: string | null; probeDatabase: string | null; createdAt: Date };

/** The stored URL is encrypted (lib/secrets); the view decrypts it only to strip the password. */
export function toTargetView(row: TargetRow): TargetView {
  return {
    id: row.id,
    name: row.name,
    url: redactUrl(revealSecret(row.url)),
    intervalMs: row.intervalMs,
    kind: row.kind === 'pgbouncer' ? 'pgbouncer' : 'postgres',
    backendTargetId: row.backendTargetId,
    probeDatabase: row.probeDatabase,
    createdAt: row.createdAt.toISOString(),
  };
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

export async function createTarget(db: Db, actor: Actor, input: TargetInput): Promise<TargetView> {
  // Before the transaction: it asks the pooler over the network, and a refusal changes nothing.
  if (input.kind === 'pgbouncer' && input.probeDatabase) await assertProbeDatabase(input.url, input.probeDatabase);
  try {
    const row = await transaction(db, async (tx) => {
      if (input.backendTargetId) {
        const backend = await tx.target.findUnique({ where: { id: input.backendTargetId }, select: { kind: true } });
        if (!backend) throw badRequest(`backendTargetId: no target with id ${input.backendTargetId}`);
        if (backend.kind !== 'postgres') throw badRequest('backendTargetId must be a postgres target');
      }
      const created = await tx.target.create({
        data: {
          name: input.name,
          url: sealSecret(input.url),
          intervalMs: input.intervalMs ?? DEFAULT_INTERVAL_MS,
          kind: input.kind ?? 'postgres',
          backendTargetId: input.backendTargetId ?? null,
          probeDatabase: input.probeDatabase ?? null,
        },
      });
      // The audit entry names the target and its password-free URL, never the secret.
      await recordAudit(tx, actor, {
        action: 'target.create',
        subjectType: 'target',
        subjectId: created.id,
        details: { name: created.name, url: redactUrl(input.url), ...(created.probeDatabase ? { probeDatabase: created.probeDatabase } : {}) },
      });
      return created;
    });
    await announceTarget(db, row.id);
    return toTargetView(row);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw conflict(`a target named ${input.name} already exists`);
    }
    throw error;
  }
}

export async function deleteTarget(db: Db, actor: Actor, id: string): Promise<void> {
  await transaction(db, async (tx) => {
    const found = UUID.test(id) ? await tx.target.findUnique({ where: { id }, select: { name: true } }) : null;
    if (!found) throw notFound(`no target with id ${id}`);
    await tx.target.delete({ where: { id } });
    await recordAudit(tx, actor, { action: 'target.delete', subjectType: 'target', subjectId: id, details: { name: found.name } });
  });
  await announceTarget(db, id);
}

/**
 * Encrypts URLs stored in plaintext (targets from before encryption), in place. Idempotent:
 * encrypted values carry a prefix and are left alone. Runs at start-up.
 */
export async function encryptStoredTargetUrls(db: Db): Promise<number> {
  const rows = await db.target.findMany({ select: { id: true, url: true } });
  let changed = 0;
  for (const row of rows.filter((r) => !isEncrypted(r.url))) {
    // Conditional on the old value, so a replica doing the same at once cannot double-encrypt.
    changed += (await db.target.updateMany({ where: { id: row.id, url: row.url }, data: { url: sealSecret(row.url) } })).count;
  }
  return changed;
}

/** LIFEGUARD_TARGETS: registered when no target of that name exists; existing ones are left as they are. */
export async function registerBootTargets(db: Db, targets: BootTarget[]): Promise<string[]> {
  const added: string[] = [];
  for (const target of targets) {
    const result = await db.target.createMany({ data: [{ name: target.name, url: sealSecret(target.url) }], skipDuplicates: true });
    if (result.count > 0) added.push(target.name);
  }
  if (added.length > 0) await announceTarget(db, '*');
  return added;
}
