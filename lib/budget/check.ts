import { reserveFor, reserveTerms } from './allowance';
import { poolMaxThatFits } from './fit';

/**
 * The budget check before a deploy (POST /api/budget/check, `pg-lifeguard check`): would the
 * planned fleet of one application fit beside everything else that reports to the target?
 * Pure arithmetic and wording; lib/budget/check-query.ts loads the figures.
 *
 * It fits when every pool opening its configured max (the flood case) stays within what the
 * allowances share out: usable − reserve. The planned application's current instances are
 * replaced by the plan; the others count with their Σ pool max.
 */
export interface PlanInput {
  usable: number | null;
  headroomPercent: number;
  /** The other applications reporting to the target, with their Σ pool max. */
  others: readonly { application: string; committed: number }[];
  plan: { application: string; instances: number; poolMax: number };
}

export interface BudgetCheck {
  fits: boolean | null;
  usable: number | null;
  reserve: number | null;
  available: number | null;
  committed: number;
  maxPerInstance: number | null;
  arithmetic: string;
}

export function checkPlan(input: PlanInput): BudgetCheck {
  const { plan } = input;
  const others = input.others.filter((other) => other.application !== plan.application && other.committed > 0);
  const othersCommitted = others.reduce((total, other) => total + other.committed, 0);
  const planned = plan.instances * plan.poolMax;
  const committed = planned + othersCommitted;
  const terms = [`${plan.application} ${plan.instances} × ${plan.poolMax} = ${planned}`, ...others.map((other) => `${other.application} ${other.committed}`)];
  const sumText = terms.length > 1 ? `${terms.join(' + ')} = ${committed}` : terms[0];

  if (input.usable === null) {
    return {
      fits: null,
      usable: null,
      reserve: null,
      available: null,
      committed,
      maxPerInstance: null,
      arithmetic: `${sumText}; usable connections unknown (no sample of the target yet): cannot tell`,
    };
  }
  const reserve = reserveFor(input.usable, input.headroomPercent);
  const available = Math.max(0, input.usable - reserve.total);
  const fits = committed <= available;
  const maxPerInstance = Math.max(0, poolMaxThatFits(available - othersCommitted, plan.instances));
  const advice =
    maxPerInstance > 0
      ? `pool max ≤ ${maxPerInstance} fits`
      : `no pool max fits: the other applications commit ${othersCommitted} of ${available} available`;
  return {
    fits,
    usable: input.usable,
    reserve: reserve.total,
    available,
    committed,
    maxPerInstance,
    arithmetic: `${sumText} ${fits ? '≤' : '>'} ${available} available of ${input.usable} usable (reserve ${reserve.total}: ${reserveTerms(reserve)}); ${advice}`,
  };
}
