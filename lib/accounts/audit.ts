import 'server-only';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import type { Tx } from '../store/transaction';
import type { Actor } from './actor';

export interface AuditInput {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  /** Never secrets: callers pass names, roles, scopes — not URLs with passwords or tokens. */
  details?: Prisma.InputJsonValue;
}

/** Written inside the change's own transaction, so there is no change without its entry (nor the reverse). */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditInput): Promise<void> {
  await tx.auditEntry.create({
    data: { actor: `${actor.name} (${actor.kind})`, action: entry.action, subjectType: entry.subjectType, subjectId: entry.subjectId ?? null, details: entry.details },
  });
}

export interface AuditView {
  id: string;
  at: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  details: unknown;
}

export async function listAudit(db: Db, limit = 200): Promise<AuditView[]> {
  const rows = await db.auditEntry.findMany({ orderBy: { at: 'desc' }, take: limit });
  return rows.map((row) => ({ ...row, at: row.at.toISOString(), details: row.details ?? null }));
}
