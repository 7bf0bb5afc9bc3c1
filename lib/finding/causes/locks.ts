import { formatDuration } from '../../format/duration';
import type { LockedSession } from '../../samples/types';
import { appLabel, plural } from './holders';
import type { Cause, CauseInput } from './types';

/** From this many sessions waiting on locks, a pile-up is named. */
const LOCK_WAITERS_MIN = 2;
/** Head blockers listed; the rest are summed up. */
const HEADS_SHOWN = 3;

export interface HeadBlocker {
  pid: number;
  /** The session, when it is a client backend the sample saw (a blocker may be another kind of process). */
  session: LockedSession | null;
  /** Sessions waiting on it, directly or behind others that wait on it. */
  blocks: number;
  blocksDirectly: number;
}

/**
 * Lock pile-up: sessions wait on locks, and each waits, through the chain of pg_blocking_pids,
 * on a head blocker that waits on nobody. The heads are what to look at (usually a transaction
 * left open, or a long one); the figure is how many sessions each holds up.
 */
export function lockPileup(input: CauseInput): Cause | null {
  const tree = input.sample.lockTree ?? [];
  const waiters = tree.filter((session) => session.blockedBy.length > 0);
  if (waiters.length < LOCK_WAITERS_MIN) return null;
  const heads = headBlockers(tree);
  const first = heads[0];
  const byApp = new Map<string, number>();
  for (const waiter of waiters) byApp.set(waiter.application, (byApp.get(waiter.application) ?? 0) + 1);
  const waiting = [...byApp.entries()].sort((a, b) => b[1] - a[1]).map(([app, count]) => `${appLabel(app)} ${count}`);
  return {
    kind: 'lock-pileup',
    summary: first
      ? `${plural(waiters.length, 'session')} wait on locks; ${describeHead(first, false)} holds up ${first.blocks}.`
      : `${plural(waiters.length, 'session')} wait on locks.`,
    evidence: [
      ...heads.slice(0, HEADS_SHOWN).map((head) => `Head blocker ${describeHead(head, true)}: blocks ${head.blocks} (${head.blocksDirectly} directly).`),
      ...(heads.length > HEADS_SHOWN ? [`and ${plural(heads.length - HEADS_SHOWN, 'more head blocker')}.`] : []),
      `Waiting: ${waiting.join(', ')}.`,
    ],
    ...(first ? { fix: headFix(first) } : {}),
    connections: waiters.length + heads.length,
  };
}

/** Blockers that wait on nobody, with how many sessions each holds up; most first. */
export function headBlockers(tree: readonly LockedSession[]): HeadBlocker[] {
  const byPid = new Map(tree.map((session) => [session.pid, session]));
  const waitingOn = new Map<number, number[]>(); // blocker pid → the pids waiting on it directly
  for (const session of tree) {
    for (const blocker of session.blockedBy) waitingOn.set(blocker, [...(waitingOn.get(blocker) ?? []), session.pid]);
  }
  const isHead = (pid: number) => (byPid.get(pid)?.blockedBy.length ?? 0) === 0;
  return [...waitingOn.keys()]
    .filter(isHead)
    .map((pid) => ({ pid, session: byPid.get(pid) ?? null, blocks: reachable(pid, waitingOn), blocksDirectly: waitingOn.get(pid)?.length ?? 0 }))
    .sort((a, b) => b.blocks - a.blocks || a.pid - b.pid);
}

/** Everyone waiting behind `pid`, each counted once (a session can wait on several). */
function reachable(pid: number, waitingOn: ReadonlyMap<number, number[]>): number {
  const seen = new Set<number>();
  const queue = [...(waitingOn.get(pid) ?? [])];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (seen.has(next) || next === pid) continue;
    seen.add(next);
    queue.push(...(waitingOn.get(next) ?? []));
  }
  return seen.size;
}

function describeHead(head: HeadBlocker, full: boolean): string {
  const session = head.session;
  if (!session) return `pid ${head.pid} (not a client session)`;
  const who = `pid ${head.pid} (${appLabel(session.application)}${session.clientAddr ? ` from ${session.clientAddr}` : ''})`;
  if (!full) return who;
  const xact = session.xactSeconds === null ? 'no open transaction' : `transaction open ${formatDuration(session.xactSeconds)}`;
  return `${who}, ${session.state ?? 'state hidden'}, ${xact}`;
}

function headFix(head: HeadBlocker): string {
  if (head.session?.state?.startsWith('idle in transaction')) {
    return `End the head blocker's transaction: it is open and doing nothing (pg_terminate_backend(${head.pid}) ends it); then find why ${appLabel(head.session.application)} leaves it open, and set idle_in_transaction_session_timeout.`;
  }
  return `Look at what pid ${head.pid} runs and why its transaction takes long; cancelling its query (pg_cancel_backend(${head.pid})) lets the waiters through.`;
}
