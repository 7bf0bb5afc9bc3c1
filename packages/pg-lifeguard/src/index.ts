/**
 * pg-lifeguard: Lifeguard's client for node-postgres.
 * - reportPool(pool, …): reports the pool's figures to Lifeguard.
 * - guardPool(pool, …): reports, and keeps the pool to the allowance Lifeguard gives this instance.
 * - checkBudget(…): asks Lifeguard whether a planned fleet fits (the `pg-lifeguard check` command).
 */
export { guardPool, reportPool, type GuardPoolOptions, type PoolReporter, type ReportPoolOptions } from './report.ts';
export { DEFAULT_FLOOR, DEFAULT_GRACE_MS, limitFor, type GuardOptions, type GuardState } from './guard.ts';
export { checkBudget, fetchAllowance, LifeguardError, type LifeguardConnection } from './lifeguard-api.ts';
export type { AllowanceAnswer, BudgetCheckAnswer, BudgetCheckPlan, IngestBody, IngestResult, PoolFigures, PoolReportPayload } from './types.ts';
