/**
 * pg-lifeguard: Lifeguard's client for node-postgres.
 * - reportPool(pool, …): reports the pool's figures to Lifeguard.
 * - guardPool(pool, …): reports, and keeps the pool to the allowance Lifeguard gives this instance.
 * - checkBudget(…): asks Lifeguard whether a planned fleet fits (the `pg-lifeguard check` command).
 */
export { guardPool, reportPool, type GuardPoolOptions, type PoolReporter, type ReportPoolOptions } from './report.js';
export { DEFAULT_FLOOR, DEFAULT_GRACE_MS, limitFor, type GuardOptions, type GuardState } from './guard.js';
export { checkBudget, fetchAllowance, LifeguardError, type LifeguardConnection } from './lifeguard-api.js';
export type { AllowanceAnswer, BudgetCheckAnswer, BudgetCheckPlan, IngestBody, IngestResult, PoolReportPayload } from './types.js';
