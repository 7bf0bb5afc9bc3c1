import type { ReportFigures } from './types';

/** Several instances' reports as one application's figures: pool figures and counts add up, latency takes the worst. Pure. */
export function combineFigures(reports: readonly Omit<ReportFigures, 'errorRate'>[]): ReportFigures | null {
  if (reports.length === 0) return null;
  const sum = (pick: (r: Omit<ReportFigures, 'errorRate'>) => number) => reports.reduce((total, r) => total + pick(r), 0);
  const worst = (pick: (r: Omit<ReportFigures, 'errorRate'>) => number | null) => {
    const present = reports.map(pick).filter((value): value is number => value !== null);
    return present.length === 0 ? null : Math.max(...present);
  };
  const counted = reports.map((r) => r.refusals).filter((value): value is number => value !== null);
  const queries = sum((r) => r.queries);
  const errors = sum((r) => r.errors);
  return {
    poolMax: sum((r) => r.poolMax),
    total: sum((r) => r.total),
    idle: sum((r) => r.idle),
    waiting: sum((r) => r.waiting),
    queries,
    errors,
    refusals: counted.length === 0 ? null : counted.reduce((a, b) => a + b, 0),
    errorRate: errorRate(errors, queries),
    p50Ms: worst((r) => r.p50Ms),
    p95Ms: worst((r) => r.p95Ms),
    p99Ms: worst((r) => r.p99Ms),
  };
}

/** In %, two decimals, like the errorRate alert; null when no query ran. */
export function errorRate(errors: number, queries: number): number | null {
  return queries === 0 ? null : Math.round((errors / queries) * 10_000) / 100;
}

/** web-2 before web-10. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
