import { heldIdle, idleInTransaction } from './idle';
import { lockPileup } from './locks';
import { overBudget } from './over-budget';
import { slowQueries } from './slow-queries';
import { connectionStorm } from './storm';
import { CAUSE_KINDS, type Cause, type CauseInput } from './types';
import { unattributed } from './unattributed';

/**
 * Why the connections are used up: every cause the sample (with the pool reports of its time)
 * shows, most likely first — the one accounting for the most connections, then in the order of
 * CAUSE_KINDS. Pure: the same sample gives the same causes, now or when looked at later.
 */
export function classifyCauses(input: CauseInput): Cause[] {
  const found = [overBudget, heldIdle, idleInTransaction, lockPileup, slowQueries, connectionStorm, unattributed].flatMap((cause) => cause(input) ?? []);
  return found.sort((a, b) => b.connections - a.connections || CAUSE_KINDS.indexOf(a.kind) - CAUSE_KINDS.indexOf(b.kind));
}
