import 'server-only';
import type { Actor } from '../accounts/actor';
import { targetBudget } from '../budget/query';
import { OWNERSHIP_LOCK_NAMESPACE } from '../collector/ownership';
import { announceRemediation } from '../events/channels';
import { conflict, HttpError, notFound } from '../http/errors';
import type { ApplicationHolders } from '../samples/types';
import type { Db } from '../store/db';
import { transaction } from '../store/transaction';
import { isUuid, toJson } from '../store/values';
import { lastingFixes } from './lasting-fixes';
import type { LastingFix, RemediationAnswer, RemediationSession, SessionAction, SessionActionRequest, SessionFilter } from './schema';
import { LIFEGUARD_APPLICATIONS } from './session-statement';

/**
 * The API's half of remediation (POST /api/targets/{id}/sessions/{cancel,terminate}).
 *
 * Only the collector that owns a target holds a connection to it that still works while the
 * server refuses new ones, and with several replicas that collector may live in another process.
 * So the API does not act itself: it checks what it can (the target allows remediation; some
 * replica owns it), writes a request row and NOTIFYs; the owner runs it over its persistent
 * connection and writes the outcome (lib/remediation/worker.ts); the API polls the row until then.
 * When no owner has taken the request in time, the API withdraws it (pending → expired, which
 * the owner can then no longer claim) and answers 503: nothing was done.
 */
export interface RemediateOptions {
  /** How long to wait for the owner to take the request. */
  waitMs?: number;
  pollMs?: number;
}

/** Owners wake on the NOTIFY at once, or within the worker's 2 s sweep if they missed it. */
export const REMEDIATION_WAIT_MS = 6_000;
const POLL_MS = 50;
/** A request already running gets this much longer: its one statement is bounded by the connection's timeouts. */
const RUNNING_GRACE_MS = 10_000;

export async function remediateSessions(db: Db, targetId: string, action: SessionAction, input: SessionActionRequest, actor: Actor, options: RemediateOptions = {}): Promise<RemediationAnswer> {
  const target = isUuid(targetId) ? await db.target.findUnique({ where: { id: targetId }, select: { id: true, name: true, kind: true, allowRemediation: true } }) : null;
  if (!target) throw notFound(`no target with id ${targetId}`);
  if (target.kind !== 'postgres') throw conflict(`${target.name} is a PgBouncer target: cancel or terminate sessions on the PostgreSQL target behind it; nothing was done`);
  if (!target.allowRemediation) {
    throw conflict(
      `remediation is off for ${target.name}: an admin turns it on in the target page's "Stop it" panel, or with PATCH /api/targets/${target.id} {"allowRemediation": true}; nothing was done`,
    );
  }
  if (!(await hasOwner(db, target.id))) {
    throw new HttpError(503, `no Lifeguard collector is sampling ${target.name} right now (is one running?), so no connection to it can act; nothing was done`);
  }
  const filter: SessionFilter = { application: input.application, clientAddr: input.clientAddr, state: input.state, minAgeSeconds: input.minAgeSeconds };
  const request = await transaction(db, async (tx) => {
    const row = await tx.remediationRequest.create({
      data: { targetId: target.id, action, dryRun: input.dryRun, filter: toJson(filter), pids: input.pids ?? [], requestedBy: actor.name, actorKind: actor.kind },
      select: { id: true },
    });
    await announceRemediation(tx, target.id);
    return row;
  });
  const outcome = await awaitOutcome(db, request.id, target.name, options);
  return { action, dryRun: input.dryRun, count: outcome.count, sessions: outcome.sessions, fixes: await fixesFor(db, target.id, outcome.sessions) };
}

/**
 * Whether any replica holds the target's ownership lock (lib/collector/ownership.ts): without an
 * owner nobody would take the request, and the caller learns it at once instead of after the wait.
 * A two-int advisory lock shows in pg_locks as classid = key1, objid = key2 (unsigned), objsubid 2.
 */
async function hasOwner(db: Db, targetId: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ owned: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND objsubid = 2
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND classid = ${OWNERSHIP_LOCK_NAMESPACE}::bigint::oid
        AND objid = (hashtext(${targetId}::text)::bigint & 4294967295)::oid
    ) AS owned`;
  return rows[0]?.owned ?? false;
}

async function awaitOutcome(db: Db, id: string, targetName: string, options: RemediateOptions): Promise<{ count: number; sessions: RemediationSession[] }> {
  const waitMs = options.waitMs ?? REMEDIATION_WAIT_MS;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const row = await db.remediationRequest.findUnique({ where: { id }, select: { status: true, count: true, sessions: true, errorStatus: true, error: true } });
    if (!row) throw notFound(`target ${targetName} was deleted meanwhile`);
    if (row.status === 'done') return { count: row.count ?? 0, sessions: (row.sessions as RemediationSession[] | null) ?? [] };
    if (row.status === 'failed') throw new HttpError(row.errorStatus ?? 500, row.error ?? 'the request failed');
    if (Date.now() >= deadline) {
      const withdrawn = await db.remediationRequest.updateMany({ where: { id, status: 'pending' }, data: { status: 'expired', finishedAt: new Date() } });
      if (withdrawn.count === 1) {
        throw new HttpError(503, `the Lifeguard collector sampling ${targetName} did not take the request within ${Math.round(waitMs / 1000)} s; nothing was done, try again`);
      }
      if (Date.now() >= deadline + RUNNING_GRACE_MS) {
        throw new HttpError(504, `the collector sampling ${targetName} took the request but has not reported back: look at the audit log before trying again`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? POLL_MS));
  }
}

/** The lasting fixes for the sessions found, from the budget and the latest holders. */
async function fixesFor(db: Db, targetId: string, sessions: readonly RemediationSession[]): Promise<LastingFix[]> {
  if (sessions.length === 0) return [];
  const [budget, latest] = await Promise.all([
    targetBudget(db, targetId),
    db.$queryRaw<{ applications: ApplicationHolders[] | null }[]>`
      SELECT applications FROM samples WHERE target_id = ${targetId}::uuid AND applications IS NOT NULL ORDER BY at DESC LIMIT 1`,
  ]);
  const own = new Set(LIFEGUARD_APPLICATIONS);
  const holders = (latest[0]?.applications ?? []).filter((holder) => !own.has(holder.name));
  return lastingFixes({ usable: budget.usable, applications: budget.applications, holders, sessions });
}
