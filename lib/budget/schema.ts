import { z } from 'zod';
import type { BudgetCheckPlan } from 'pg-lifeguard';

/**
 * The budget's inputs: an instance's allowance query, a deploy's budget check, and the policy an
 * admin sets per target (headroom, weights). Messages follow the field's path, which
 * describeZodError prefixes: "poolMax: must be a whole number ≥ 1".
 */

/** Far above any real pool, below what PostgreSQL's int columns and the arithmetic handle. */
export const MAX_POOL_MAX = 100_000;
export const MAX_INSTANCES = 10_000;
export const MAX_HEADROOM_PERCENT = 90;
export const MAX_WEIGHT = 1_000_000;

const required = (what: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`);

/** Application, instance and target names as pool reports give them (lib/ingest/schema.ts). */
const name = z
  .string({ error: required('a string') })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(100, { error: 'must be at most 100 characters' });

const whole = (min: number, max: number) =>
  z
    .number({ error: required(`a whole number from ${min} to ${max}`) })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be a whole number from ${min} to ${max}` })
    .max(max, { error: `must be a whole number from ${min} to ${max}` });

/** GET /api/applications/{name}/allowance?instance=…&target=…[&poolMax=…] */
export const allowanceQuerySchema = z.strictObject({
  instance: name,
  target: name,
  /** The asking instance's configured pool max: counts even before its first report has landed. */
  poolMax: z.coerce.number({ error: 'must be a whole number' }).pipe(whole(1, MAX_POOL_MAX)).optional(),
});
export type AllowanceQuery = z.output<typeof allowanceQuerySchema> & { application: string };


/** POST /api/budget/check */
export const budgetCheckSchema = z.strictObject({
  target: name,
  application: name,
  instances: whole(1, MAX_INSTANCES),
  poolMax: whole(1, MAX_POOL_MAX),
});
export type BudgetCheckInput = z.output<typeof budgetCheckSchema>;

/** PATCH /api/targets/{id}/budget: a weight of null removes the application's weight (it is shared by Σ pool max again). */
export const budgetPolicySchema = z
  .strictObject({
    headroomPercent: whole(0, MAX_HEADROOM_PERCENT).optional(),
    weights: z.record(name, whole(0, MAX_WEIGHT).nullable(), { error: required('an object of application names to weights') }).optional(),
  })
  .refine((input) => input.headroomPercent !== undefined || input.weights !== undefined, { error: 'give headroomPercent, weights, or both' });
export type BudgetPolicyInput = z.output<typeof budgetPolicySchema>;

// The package's CLI builds BudgetCheckPlan; this fails to compile if the schema stops accepting it.
type Accepts<Input, Value extends Input> = Value;
export type ClientPlanAccepted = Accepts<z.input<typeof budgetCheckSchema>, BudgetCheckPlan>;
