import { z } from 'zod';
import type { IngestBody } from 'pg-lifeguard';

/**
 * The one schema for POST /api/ingest. Messages are phrased to follow the field's path, which
 * describeZodError prefixes: "reports[3].poolMax: must be ≥ 0".
 */

export const MAX_REPORTS_PER_BATCH = 500;
/** 500 reports of ~350 bytes each, with room to spare. */
export const MAX_INGEST_BYTES = 256 * 1024;
/** Reports further from Lifeguard's clock than this are refused: a wrong clock, or a replay. */
export const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;
/** The columns are PostgreSQL integers; a larger figure would fail the insert with a 500. */
const MAX_INT = 2_147_483_647;

const required = (what: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`);

const count = z
  .number({ error: required('a number') })
  .int({ error: 'must be an integer' })
  .min(0, { error: 'must be ≥ 0' })
  .max(MAX_INT, { error: `must be ≤ ${MAX_INT}` });

const latency = z
  .number({ error: required('a number of milliseconds or null') })
  .min(0, { error: 'must be ≥ 0' })
  .max(86_400_000, { error: 'must be at most a day in milliseconds' })
  .nullable();

const name = z
  .string({ error: required('a string') })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(100, { error: 'must be at most 100 characters' });

const reportTime = z
  .iso.datetime({ offset: true, error: required('an ISO 8601 time such as 2026-11-26T15:00:00.000Z') })
  .refine((value) => Math.abs(Date.parse(value) - Date.now()) <= MAX_CLOCK_SKEW_MS, {
    error: 'must be within a day of the current time (is the clock right?)',
  });

export const poolReportSchema = z
  .strictObject({
    application: name,
    instance: name,
    target: name.optional(),
    at: reportTime,
    poolMax: count,
    total: count,
    idle: count,
    waiting: count,
    queries: count,
    errors: count,
    // Optional: clients older than the refusal count leave it out, and their reports still validate.
    refusals: count.optional(),
    p50Ms: latency,
    p95Ms: latency,
    p99Ms: latency,
    // Optional, so reports of clients older than the guard still validate.
    guarded: z.boolean({ error: 'must be true or false' }).optional(),
    allowance: count.nullable().optional(),
  })
  .superRefine((report, ctx) => {
    // Figures that contradict each other mean a broken client; storing them would skew the budget.
    const problem = (path: keyof typeof report, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (report.idle > report.total) problem('idle', `must be ≤ total (${report.total})`);
    if (report.total > report.poolMax) problem('total', `must be ≤ poolMax (${report.poolMax})`);
    if (report.errors > report.queries) problem('errors', `must be ≤ queries (${report.queries}): failed queries count as queries`);
    if (report.refusals !== undefined && report.refusals > report.errors) problem('refusals', `must be ≤ errors (${report.errors}): a refused query is a failed one`);
    const { p50Ms, p95Ms, p99Ms } = report;
    if (p50Ms !== null && p95Ms !== null && p50Ms > p95Ms) problem('p50Ms', `must be ≤ p95Ms (${p95Ms})`);
    if (p95Ms !== null && p99Ms !== null && p95Ms > p99Ms) problem('p95Ms', `must be ≤ p99Ms (${p99Ms})`);
    const { allowance } = report;
    if (allowance !== undefined && allowance !== null) {
      if (report.guarded !== true) problem('allowance', 'is only reported by a guarded pool (guarded: true)');
      else if (allowance > report.poolMax) problem('allowance', `must be ≤ poolMax (${report.poolMax}): a guard never raises a pool above its configured max`);
    }
  });

export const ingestBodySchema = z.strictObject({
  reports: z
    .array(poolReportSchema, { error: required('an array of pool reports') })
    .min(1, { error: 'must hold at least one report' })
    .max(MAX_REPORTS_PER_BATCH, { error: `must hold at most ${MAX_REPORTS_PER_BATCH} reports` }),
});

export type IngestInput = z.output<typeof ingestBodySchema>;

// The client builds IngestBody; this fails to compile if the schema stops accepting it.
type Accepts<Input, Value extends Input> = Value;
export type ClientBodyAccepted = Accepts<z.input<typeof ingestBodySchema>, IngestBody>;
