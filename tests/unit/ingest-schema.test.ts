import { describe, expect, it } from 'vitest';
import { describeZodError } from '@/lib/format/validation';
import { ingestBodySchema } from '@/lib/ingest/schema';
import type { PoolReportPayload } from 'pg-lifeguard';

const report = (overrides: Partial<Record<keyof PoolReportPayload | 'refusals', unknown>> = {}) => ({
  application: 'worksmart-web',
  instance: 'web-1',
  target: 'production',
  at: new Date().toISOString(),
  poolMax: 50,
  total: 12,
  idle: 4,
  waiting: 0,
  queries: 300,
  errors: 2,
  p50Ms: 3.2,
  p95Ms: 12.5,
  p99Ms: 40,
  ...overrides,
});

function problem(body: unknown): string {
  const result = ingestBodySchema.safeParse(body);
  if (result.success) throw new Error('expected a validation problem');
  return describeZodError(result.error);
}

describe('ingest schema', () => {
  it('accepts a sane report, with or without a target and latencies', () => {
    const { target: _target, ...untargeted } = report();
    void _target;
    expect(ingestBodySchema.safeParse({ reports: [report(), { ...untargeted, queries: 0, errors: 0, p50Ms: null, p95Ms: null, p99Ms: null }] }).success).toBe(true);
  });

  it('accepts a refusal count within the errors, and a report without one (an older client)', () => {
    const parsed = ingestBodySchema.parse({ reports: [report({ refusals: 2 }), report()] });
    expect(parsed.reports.map((r) => r.refusals)).toEqual([2, undefined]);
  });

  it('accepts a guarded report with the allowance in force, or none in force', () => {
    const reports = [report({ guarded: true, allowance: 13 }), report({ guarded: true, allowance: null }), report({ guarded: false })];
    expect(ingestBodySchema.safeParse({ reports }).success).toBe(true);
  });

  it.each([
    [{ reports: [report({ refusals: 3 })] }, 'reports[0].refusals: must be ≤ errors (2): a refused query is a failed one'],
    [{ reports: [report({ refusals: -1 })] }, 'reports[0].refusals: must be ≥ 0'],
    [{ reports: [report({ refusals: null })] }, 'reports[0].refusals: must be a number'],
    [{ reports: [report(), report(), report(), report({ poolMax: -1 })] }, 'reports[3].poolMax: must be ≥ 0'],
    [{ reports: [report({ total: 2.5 })] }, 'reports[0].total: must be an integer'],
    [{ reports: [report({ waiting: '3' })] }, 'reports[0].waiting: must be a number'],
    [{ reports: [report({ queries: undefined })] }, 'reports[0].queries: is required'],
    [{ reports: [report({ idle: 13 })] }, 'reports[0].idle: must be ≤ total (12)'],
    [{ reports: [report({ total: 51 })] }, 'reports[0].total: must be ≤ poolMax (50)'],
    [{ reports: [report({ errors: 301 })] }, 'reports[0].errors: must be ≤ queries (300): failed queries count as queries'],
    [{ reports: [report({ p50Ms: 20 })] }, 'reports[0].p50Ms: must be ≤ p95Ms (12.5)'],
    [{ reports: [report({ application: '' })] }, 'reports[0].application: must not be empty'],
    [{ reports: [report({ instance: 'x'.repeat(101) })] }, 'reports[0].instance: must be at most 100 characters'],
    [{ reports: [report({ at: 'yesterday' })] }, 'reports[0].at: must be an ISO 8601 time such as 2026-11-26T15:00:00.000Z'],
    [{ reports: [report({ at: new Date(Date.now() + 2 * 86_400_000).toISOString() })] }, 'reports[0].at: must be within a day of the current time (is the clock right?)'],
    [{ reports: [{ ...report(), poolmax: 5 }] }, 'reports[0]: Unrecognized key: "poolmax"'],
    [{ reports: [report({ guarded: 'yes' })] }, 'reports[0].guarded: must be true or false'],
    [{ reports: [report({ allowance: 13 })] }, 'reports[0].allowance: is only reported by a guarded pool (guarded: true)'],
    [{ reports: [report({ guarded: true, allowance: 51 })] }, 'reports[0].allowance: must be ≤ poolMax (50): a guard never raises a pool above its configured max'],
    [{ reports: [] }, 'reports: must hold at least one report'],
    [{ reports: Array.from({ length: 501 }, () => report()) }, 'reports: must hold at most 500 reports'],
    [{}, 'reports: is required'],
  ])('refuses %#: %s', (body, message) => {
    expect(problem(body)).toBe(message);
  });
});
