import { computeBudget, type ApplicationBudget } from '../../budget/budget';
import { LIFEGUARD_CONNECTIONS, poolMaxThatFits } from '../../budget/fit';
import type { ApplicationHolders } from '../../samples/types';
import { LIFEGUARD_APPLICATIONS, sum } from './holders';
import type { Cause, CauseInput } from './types';

interface PoolFix {
  text: string;
  /** What the application holds now: the connections its fix would give back. */
  heldObserved: number;
}

/**
 * Over-budget pools: the reporting instances' Σ pool max exceeds the connections the server
 * accepts (lib/budget, unchanged), so enough traffic makes PostgreSQL refuse. The fix is worked
 * out per application: the largest pool max per instance that fits once the other applications
 * (their pool max, or what they hold when they do not report) and Lifeguard have their room.
 */
export function overBudget(input: CauseInput): Cause | null {
  const usable = input.sample.usableConnections;
  const holders = input.sample.applications ?? [];
  const budget = computeBudget({ targetName: input.targetName, usable, holders, reports: input.reports });
  if (usable === null || !budget.overCommitted) return null;

  const reporting = new Set(budget.applications.map((app) => app.application));
  const unreported = sum(holders.filter((h) => !reporting.has(h.name) && !LIFEGUARD_APPLICATIONS.has(h.name)).map(heldFor));
  const fixes = budget.applications.flatMap((app) => poolFix(app, budget.committed - app.committed, unreported, usable, budget.applications) ?? []);

  const room = [unreported > 0 ? `${unreported} held by applications that do not report their pool` : null, `${LIFEGUARD_CONNECTIONS} for Lifeguard`].filter(Boolean);
  const implicated = fixes.length > 0 ? fixes : budget.applications.map((app) => ({ heldObserved: app.heldObserved }));
  return {
    kind: 'over-budget',
    summary: `The pools may open ${budget.committed} connections, more than the ${usable} the server accepts: under load they fill it and it refuses new ones.`,
    evidence: [...budget.applications.map((app) => `${app.application}: ${app.explanation}`), ...(budget.applications.length > 1 ? [budget.explanation] : []), `Room also needed: ${room.join(', ')}.`],
    fix: fixes.length > 0 ? fixes.map((fix) => fix.text).join('; ') : jointFix(budget.committed, usable - unreported - LIFEGUARD_CONNECTIONS),
    connections: Math.min(input.sample.total ?? 0, sum(implicated.map((app) => app.heldObserved))),
  };
}

/**
 * What a holder that does not report keeps. Sessions without a name and without a state are
 * connections still starting up (a pool growing — its name arrives with its first state): they
 * belong to the pools already counted, and would make the fix jump from one sample to the next.
 */
function heldFor(holder: ApplicationHolders): number {
  return holder.name === '' ? holder.active + holder.idle + holder.idleInTransaction : holder.total;
}

/** "worksmart-web: pool max ≤ 14 per instance: 6 × 14 + 12 = 96 ≤ 97 (12 = worksmart-worker 10 + Lifeguard 2)"; null when it already fits or cannot alone. */
function poolFix(app: ApplicationBudget, othersCommitted: number, unreported: number, usable: number, all: readonly ApplicationBudget[]): PoolFix | null {
  const reserve = othersCommitted + unreported + LIFEGUARD_CONNECTIONS;
  const fit = poolMaxThatFits(usable - reserve, app.instances);
  const current = typeof app.poolMax === 'number' ? app.poolMax : app.poolMax.max;
  if (fit >= current || fit < 1) return null;
  const parts: [string, number][] = [
    ...all.filter((other) => other.application !== app.application).map((other): [string, number] => [other.application, other.committed]),
    ...(unreported > 0 ? [['unreported', unreported] as [string, number]] : []),
    ['Lifeguard', LIFEGUARD_CONNECTIONS],
  ];
  const room = parts.length === 1 ? `${reserve} for ${parts[0]![0]}` : `${reserve} = ${parts.map(([name, count]) => `${name} ${count}`).join(' + ')}`;
  const total = app.instances * fit + reserve;
  return {
    heldObserved: app.heldObserved,
    text: `${app.application}: pool max ≤ ${fit} per instance: ${app.instances} × ${fit} + ${reserve} = ${total} ≤ ${usable} (${room})`,
  };
}

/** No single application can make room alone: they have to shrink together. */
function jointFix(committed: number, available: number): string {
  return `Together the pools must commit at most ${Math.max(0, available)} connections (now ${committed}): lower the pool max of the largest ones.`;
}
