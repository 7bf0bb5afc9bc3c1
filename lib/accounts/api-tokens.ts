import 'server-only';
import type { Db } from '../store/db';
import { notFound } from '../http/errors';
import { transaction } from '../store/transaction';
import { isUuid } from '../store/values';
import type { Actor, Role } from './actor';
import { recordAudit } from './audit';
import type { TokenCreateInput, TokenScope } from './schema';
import { hashToken, newSecretToken } from './secret-token';

/** A token as listed: never its secret (only a recognisable prefix). */
export interface ApiTokenView {
  id: string;
  name: string;
  scope: TokenScope;
  prefix: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type Row = { id: string; name: string; scope: string; prefix: string; createdBy: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

const toView = (row: Row): ApiTokenView => ({
  id: row.id,
  name: row.name,
  scope: row.scope as TokenScope,
  prefix: row.prefix,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

export const SCOPE_ROLE: Record<TokenScope, Role> = { ingest: 'ingest', alerts: 'alerts', read: 'viewer', admin: 'admin' };
/** A used token's last-used time is written at most this often, so busy ingest does not write on every call. */
const LAST_USED_EVERY_MS = 60_000;

export async function listTokens(db: Db): Promise<ApiTokenView[]> {
  return (await db.apiToken.findMany({ orderBy: { createdAt: 'desc' } })).map(toView);
}

/** The secret is in the answer once and never again. */
export async function createToken(db: Db, actor: Actor, input: TokenCreateInput): Promise<ApiTokenView & { token: string }> {
  const token = newSecretToken('lgt_');
  return transaction(db, async (tx) => {
    const row = await tx.apiToken.create({ data: { name: input.name, scope: input.scope, tokenHash: hashToken(token), prefix: token.slice(0, 10), createdBy: actor.name } });
    await recordAudit(tx, actor, { action: 'token.create', subjectType: 'token', subjectId: row.id, details: { name: row.name, scope: row.scope } });
    return { ...toView(row), token };
  });
}

export async function revokeToken(db: Db, actor: Actor, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound(`no token with id ${id}`);
  await transaction(db, async (tx) => {
    const revoked = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (revoked.count === 0) throw notFound(`no active token with id ${id}`);
    await recordAudit(tx, actor, { action: 'token.revoke', subjectType: 'token', subjectId: id });
  });
}

/** The live token a bearer secret names, noting its use; null when unknown or revoked. */
export async function tokenFromSecret(db: Db, secret: string, now = new Date()): Promise<{ name: string; role: Role } | null> {
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(secret) } });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) {
    await db.apiToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { name: row.name, role: SCOPE_ROLE[row.scope as TokenScope] ?? 'viewer' };
}
