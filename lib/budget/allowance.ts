import { LIFEGUARD_CONNECTIONS } from './fit';

/**
 * Allowances: each reporting pool instance's share of a target's usable connections, which a
 * guarded pool (pg-lifeguard's guardPool) keeps to. Pure arithmetic and wording; lib/budget/
 * allowance-query.ts loads the figures.
 *
 * The sum, in order:
 * 1. available = usable − reserve, the reserve being Lifeguard's own connections plus a headroom
 *    (default 10 % of usable, rounded up) for everything that does not report: psql sessions,
 *    migrations, cron jobs, a new instance that has not reported yet.
 * 2. Every instance is guaranteed a floor (2, or its pool max if smaller): a pool held to 0 or 1
 *    connection would serve nobody, and the guard holds pools no lower anyway.
 * 3. The rest is shared among the applications in proportion to their weight, which is the
 *    admin's weight for the application when set, else its Σ pool max over live instances; no
 *    application gets more than it configured (what it leaves goes to the others).
 * 4. An application's part is split evenly over its live instances, rounded down, so that the
 *    allowances never add up to more than is available (unless the floors alone do, which the
 *    arithmetic then says); what rounding leaves goes to whoever it makes one more per instance.
 */

export const DEFAULT_HEADROOM_PERCENT = 10;
export const ALLOWANCE_FLOOR = 2;

export interface Reserve {
  lifeguard: number;
  headroomPercent: number;
  headroom: number;
  total: number;
}

export interface AllowanceApplication {
  application: string;
  /** The configured pool max of each live instance. */
  poolMaxes: readonly number[];
  /** The admin's weight for this application; null or absent: its Σ pool max. */
  weight?: number | null;
}

export interface AllowanceInput {
  /** max_connections − reserved of the latest sample; null when there is none. */
  usable: number | null;
  headroomPercent: number;
  applications: readonly AllowanceApplication[];
  floor?: number;
}

export interface ApplicationAllowance {
  application: string;
  instances: number;
  /** Σ pool max of the live instances. */
  committed: number;
  weight: number;
  weighedBy: 'pool max' | 'admin weight';
  /** Connections the instances may hold together: instances × maxPerInstance. */
  share: number;
  /** Null while usable connections are unknown. */
  maxPerInstance: number | null;
  arithmetic: string;
}

export interface Allowances {
  usable: number | null;
  reserve: Reserve | null;
  /** usable − reserve (never below 0); null while usable is unknown. */
  available: number | null;
  /** The floors alone add up to more than is available: every instance gets its floor, and together they may still flood. */
  floorsExceed: boolean;
  applications: ApplicationAllowance[];
  arithmetic: string;
}

/** Rounded up: the reserve errs on the side of the server. */
export function reserveFor(usable: number, headroomPercent: number): Reserve {
  const headroom = Math.ceil((usable * headroomPercent) / 100);
  return { lifeguard: LIFEGUARD_CONNECTIONS, headroomPercent, headroom, total: LIFEGUARD_CONNECTIONS + headroom };
}

/** "Lifeguard 2 + 10 % headroom 10" */
export function reserveTerms(reserve: Reserve): string {
  return `Lifeguard ${reserve.lifeguard} + ${reserve.headroomPercent} % headroom ${reserve.headroom}`;
}

/** "97 usable − 12 reserve (Lifeguard 2 + 10 % headroom 10) = 85 available" */
export function availableTerms(usable: number, reserve: Reserve): string {
  const available = Math.max(0, usable - reserve.total);
  return `${usable} usable − ${reserve.total} reserve (${reserveTerms(reserve)}) = ${available} available`;
}

interface Claim {
  application: string;
  instances: number;
  committed: number;
  /** Σ min(floor, pool max) of its instances: given before anything is shared. */
  guaranteed: number;
  weight: number;
  weighedBy: ApplicationAllowance['weighedBy'];
}

export function computeAllowances(input: AllowanceInput): Allowances {
  const floor = input.floor ?? ALLOWANCE_FLOOR;
  const claims: Claim[] = input.applications
    .filter((app) => app.poolMaxes.length > 0)
    .map((app): Claim => {
      const committed = sum(app.poolMaxes);
      const hasWeight = app.weight !== null && app.weight !== undefined;
      return {
        application: app.application,
        instances: app.poolMaxes.length,
        committed,
        guaranteed: sum(app.poolMaxes.map((poolMax) => Math.min(floor, poolMax))),
        weight: hasWeight ? (app.weight as number) : committed,
        weighedBy: hasWeight ? 'admin weight' : 'pool max',
      };
    })
    .sort((a, b) => b.committed - a.committed || a.application.localeCompare(b.application));

  if (input.usable === null) {
    return {
      usable: null,
      reserve: null,
      available: null,
      floorsExceed: false,
      applications: claims.map((claim) => ({ ...pick(claim), share: 0, maxPerInstance: null, arithmetic: `${claim.application}: no allowance while usable connections are unknown` })),
      arithmetic: 'usable connections unknown (no sample of the target yet): no allowances',
    };
  }

  const reserve = reserveFor(input.usable, input.headroomPercent);
  const available = Math.max(0, input.usable - reserve.total);
  const guaranteed = sum(claims.map((claim) => claim.guaranteed));
  const rest = available - guaranteed;
  const floorsExceed = rest < 0;
  const extras = floorsExceed ? new Map<string, number>() : shareOut(rest, claims);
  const totalWeight = sum(claims.map((claim) => claim.weight));

  const perInstance = floorsExceed ? new Map(claims.map((claim) => [claim.application, floor])) : roundDown(claims, extras, available);
  const applications = claims.map((claim): ApplicationAllowance => {
    const extra = extras.get(claim.application) ?? 0;
    const maxPerInstance = perInstance.get(claim.application) ?? floor;
    const share = maxPerInstance * claim.instances;
    return { ...pick(claim), share, maxPerInstance, arithmetic: applicationTerms(claim, extra, maxPerInstance, totalWeight, floor, floorsExceed) };
  });

  const given = sum(applications.map((app) => app.share));
  const head = availableTerms(input.usable, reserve);
  const listed = applications.map((app) => `${app.application} ${app.instances} × ${app.maxPerInstance} = ${app.share}`).join(' + ');
  let arithmetic: string;
  if (applications.length === 0) arithmetic = `${head}; no pool reports to share it among`;
  else if (floorsExceed) arithmetic = `${head}; the floors alone (${guaranteed}) exceed it: every instance gets ${floor}, ${listed}${applications.length > 1 ? ` = ${given}` : ''} > ${available}`;
  else arithmetic = `${head}; ${listed}${applications.length > 1 ? ` = ${given}` : ''} ≤ ${available}`;
  return { usable: input.usable, reserve, available, floorsExceed, applications, arithmetic };
}

/**
 * Shares `amount` in proportion to weight, capping each claim at what it configured beyond its
 * guarantee and handing what a capped claim leaves to the others (water-filling).
 */
function shareOut(amount: number, claims: readonly Claim[]): Map<string, number> {
  const extras = new Map<string, number>();
  let remaining = amount;
  let open = claims.filter((claim) => claim.weight > 0 && claim.committed > claim.guaranteed);
  while (open.length > 0 && remaining > 0) {
    const weight = sum(open.map((claim) => claim.weight));
    const capped = open.filter((claim) => (remaining * claim.weight) / weight >= claim.committed - claim.guaranteed);
    if (capped.length === 0) {
      for (const claim of open) extras.set(claim.application, (remaining * claim.weight) / weight);
      break;
    }
    for (const claim of capped) {
      extras.set(claim.application, claim.committed - claim.guaranteed);
      remaining -= claim.committed - claim.guaranteed;
    }
    open = open.filter((claim) => !capped.includes(claim));
  }
  return extras;
}

/**
 * Each application's part split over its instances, rounded down; then what rounding left
 * unused goes, one more connection per instance, to the applications closest to the next whole
 * number whose instances it covers (largest remainder), never beyond what they configured, and
 * never to an application an admin weighed 0.
 */
function roundDown(claims: readonly Claim[], extras: ReadonlyMap<string, number>, available: number): Map<string, number> {
  const exact = claims.map((claim) => ({ claim, each: (claim.guaranteed + (extras.get(claim.application) ?? 0)) / claim.instances }));
  // The epsilon keeps 12.99999999 (floating-point shares) from rounding down to 12.
  const perInstance = new Map(exact.map(({ claim, each }) => [claim.application, Math.floor(each + 1e-9)]));
  let unused = available - sum(claims.map((claim) => (perInstance.get(claim.application) ?? 0) * claim.instances));
  const byRemainder = [...exact].sort((a, b) => b.each - Math.floor(b.each + 1e-9) - (a.each - Math.floor(a.each + 1e-9)));
  for (const { claim } of byRemainder) {
    const current = perInstance.get(claim.application) ?? 0;
    if (claim.weight === 0 || claim.instances > unused || (current + 1) * claim.instances > claim.committed) continue;
    perInstance.set(claim.application, current + 1);
    unused -= claim.instances;
  }
  return perInstance;
}

/** "worksmart-web: 12 floor + 300/310 of 69 by pool max = 78.8 over 6 instances → 13 each" */
function applicationTerms(claim: Claim, extra: number, maxPerInstance: number, totalWeight: number, floor: number, floorsExceed: boolean): string {
  const each = `${claim.instances} ${claim.instances === 1 ? 'instance' : 'instances'}`;
  if (floorsExceed) return `${claim.application}: the floor, ${floor} per instance (${each})`;
  const part = claim.guaranteed + extra;
  const basis = claim.weighedBy === 'pool max' ? `Σ pool max ${claim.weight}` : `admin weight ${claim.weight}`;
  const capped = extra > 0 && Math.abs(part - claim.committed) < 1e-9 ? ', all it configured' : '';
  return `${claim.application}: ${claim.guaranteed} floor + ${round1(extra)} by ${basis} of ${totalWeight}${capped} = ${round1(part)} over ${each} → ${maxPerInstance} each`;
}

function pick(claim: Claim): Pick<ApplicationAllowance, 'application' | 'instances' | 'committed' | 'weight' | 'weighedBy'> {
  return { application: claim.application, instances: claim.instances, committed: claim.committed, weight: claim.weight, weighedBy: claim.weighedBy };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
