import 'server-only';
import type { Collector } from '../collector/collector';
import { NotSampledHere } from '../collector/collector';
import { ConnectionDown } from '../collector/persistent-sampler';
import { HttpError } from '../http/errors';
import type { Db } from '../store/db';
import { completeRequest, failRequest, MAYBE_ACTED, type ClaimedRequest } from './outcome';
import type { SessionFilter } from './schema';
import { runSessionStatement } from './session-statement';

/**
 * The collector's half of remediation: takes the pending requests for the targets this replica
 * samples and runs each over that target's persistent connection (lib/remediation/requests.ts
 * is the API's half, which writes the request and waits for the outcome written here).
 *
 * Woken by the request's NOTIFY (lib/events/hub.ts); a sweep every couple of seconds picks up a
 * request whose notification was missed (the LISTEN connection was reconnecting). Requests run
 * one after another: each is one short statement, bounded by the connection's statement_timeout.
 * A request is claimed (pending → running) before it runs, so two replicas briefly sampling the
 * same target during a takeover never both run it, and a request the API gave up on (expired)
 * is never run late.
 */
export interface RemediationWorker {
  /** Looks for pending requests now (for one target, or every target sampled here). */
  wake(targetId?: string): void;
  stop(): Promise<void>;
}

const SWEEP_MS = 2_000;

export function startRemediationWorker(options: { db: Db; collector: Pick<Collector, 'ownedTargets' | 'withConnection'>; sweepMs?: number; log?: (line: string) => void }): RemediationWorker {
  const { db, collector } = options;
  const log = options.log ?? ((line: string) => console.warn(`[remediation] ${line}`));
  let stopped = false;
  let chain: Promise<void> = Promise.resolve();

  const runPending = async (targetId?: string): Promise<void> => {
    const owned = collector.ownedTargets().filter((id) => targetId === undefined || id === targetId);
    if (stopped || owned.length === 0) return;
    const pending = await db.remediationRequest.findMany({
      where: { status: 'pending', targetId: { in: owned } },
      orderBy: { requestedAt: 'asc' },
      select: { id: true },
    });
    for (const { id } of pending) {
      if (stopped) return;
      const claimed = await claim(db, id);
      if (claimed) await run(db, collector, claimed);
    }
  };

  const wake = (targetId?: string) => {
    chain = chain.then(() => runPending(targetId)).catch((error: unknown) => log(`running remediation requests failed: ${error instanceof Error ? error.message : String(error)}`));
  };
  const timer = setInterval(() => wake(), options.sweepMs ?? SWEEP_MS);

  return {
    wake,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}

/** pending → running, only if still pending: whoever flips it runs it, nobody else. */
async function claim(db: Db, id: string): Promise<ClaimedRequest | null> {
  const flipped = await db.remediationRequest.updateMany({ where: { id, status: 'pending' }, data: { status: 'running' } });
  if (flipped.count !== 1) return null;
  const row = await db.remediationRequest.findUnique({ where: { id }, include: { target: { select: { name: true, allowRemediation: true } } } });
  if (!row) return null;
  return {
    id: row.id,
    targetId: row.targetId,
    targetName: row.target.name,
    allowRemediation: row.target.allowRemediation,
    action: row.action === 'cancel' ? 'cancel' : 'terminate',
    dryRun: row.dryRun,
    filter: row.filter as SessionFilter,
    pids: row.dryRun && row.pids.length === 0 ? null : row.pids,
    requestedBy: row.requestedBy,
    actorKind: row.actorKind,
  };
}

async function run(db: Db, collector: Pick<Collector, 'withConnection'>, request: ClaimedRequest): Promise<void> {
  try {
    // Checked again here: an admin may have turned it off between the request and now.
    if (!request.allowRemediation) throw new HttpError(409, `remediation was turned off for ${request.targetName} meanwhile; nothing was done`);
    const outcome = await collector.withConnection(request.targetId, (client) =>
      runSessionStatement(client, { action: request.action, dryRun: request.dryRun, filter: request.filter, pids: request.pids, targetName: request.targetName }),
    );
    await completeRequest(db, request, outcome);
  } catch (error) {
    await failRequest(db, request, failureOf(error, request));
  }
}

function failureOf(error: unknown, request: ClaimedRequest): { status: number; message: string } {
  if (error instanceof HttpError) return { status: error.status, message: error.message };
  if (error instanceof ConnectionDown) {
    return { status: 503, message: `Lifeguard's connection to ${request.targetName} is down (${error.reason}); nothing was done` };
  }
  if (error instanceof NotSampledHere) {
    return { status: 503, message: `this Lifeguard replica stopped sampling ${request.targetName} before it could act; nothing was done, try again` };
  }
  // The statement itself failed (a timeout, the connection lost mid-way): PostgreSQL may or may not have signalled some sessions.
  const reason = error instanceof Error ? error.message : String(error);
  return {
    status: MAYBE_ACTED,
    message: `the statement on ${request.targetName} failed (${reason}); some sessions may have been signalled: look at the target's sessions before trying again`,
  };
}
