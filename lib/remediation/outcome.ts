import 'server-only';
import type { Actor } from '../accounts/actor';
import { recordAudit } from '../accounts/audit';
import { announceIncident } from '../events/channels';
import { recordEntries } from '../incidents/timeline';
import type { Db } from '../store/db';
import { storeNow, transaction } from '../store/transaction';
import { toJson } from '../store/values';
import { describeRemediation } from './describe';
import type { SessionAction, SessionFilter } from './schema';
import type { StatementOutcome } from './session-statement';

/** A request the collector took (pending → running), with what it needs to run and record it. */
export interface ClaimedRequest {
  id: string;
  targetId: string;
  targetName: string;
  allowRemediation: boolean;
  action: SessionAction;
  dryRun: boolean;
  filter: SessionFilter;
  /** null: a dry run over every matching session. */
  pids: number[] | null;
  requestedBy: string;
  actorKind: string;
}

/** The status lib/remediation/worker.ts gives a statement that failed after it started. */
export const MAYBE_ACTED = 502;

const ACTOR_KINDS: readonly Actor['kind'][] = ['user', 'admin-token', 'api-token', 'anonymous'];

/**
 * Writes the outcome in one transaction: the request's result (which the waiting API call reads),
 * and for an execution the audit entry and a timeline entry on every open incident of the target,
 * with the count PostgreSQL reported. Written by the collector that acted, so the record does not
 * depend on the API call that asked still being there.
 */
export async function completeRequest(db: Db, request: ClaimedRequest, outcome: StatementOutcome): Promise<void> {
  await transaction(db, async (tx) => {
    const now = await storeNow(tx);
    await tx.remediationRequest.update({
      where: { id: request.id },
      data: { status: 'done', finishedAt: now, count: outcome.count, sessions: toJson(outcome.sessions) },
    });
    if (request.dryRun) return;
    const sentence = describeRemediation(request.action, request.filter, outcome.count, request.targetName, request.requestedBy);
    const pids = outcome.sessions.map((session) => session.pid);
    await recordAudit(tx, actorOf(request), {
      action: `target.sessions.${request.action}`,
      subjectType: 'target',
      subjectId: request.targetId,
      details: toJson({ name: request.targetName, filter: request.filter, dryRunPids: request.pids?.length ?? 0, count: outcome.count, pids, summary: sentence }),
    });
    const open = await tx.incident.findMany({
      where: { status: { not: 'resolved' }, targets: { some: { targetId: request.targetId } } },
      select: { id: true },
    });
    for (const incident of open) {
      await recordEntries(tx, incident.id, request.requestedBy, now, [
        { kind: 'remediation', body: sentence, data: { requestId: request.id, targetId: request.targetId, action: request.action, filter: request.filter, count: outcome.count, pids } },
      ]);
      await announceIncident(tx, incident.id);
    }
  });
}

/**
 * A refused or failed request: the caller gets this status and message. A refusal (remediation
 * off, no pg_signal_backend, the connection down) did nothing and is not audited; an execution
 * whose statement failed part-way may have signalled sessions, and is.
 */
export async function failRequest(db: Db, request: ClaimedRequest, failure: { status: number; message: string }): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.remediationRequest.update({
      where: { id: request.id },
      data: { status: 'failed', finishedAt: await storeNow(tx), errorStatus: failure.status, error: failure.message },
    });
    if (request.dryRun || failure.status !== MAYBE_ACTED) return;
    await recordAudit(tx, actorOf(request), {
      action: `target.sessions.${request.action}.failed`,
      subjectType: 'target',
      subjectId: request.targetId,
      details: toJson({ name: request.targetName, filter: request.filter, error: failure.message }),
    });
  });
}

/** The audit entry names whoever asked, as the API identified them (the role is not recorded). */
function actorOf(request: ClaimedRequest): Actor {
  const kind = ACTOR_KINDS.find((known) => known === request.actorKind) ?? 'anonymous';
  return { kind, role: 'responder', name: request.requestedBy };
}
