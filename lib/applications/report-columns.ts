/**
 * The pool_reports table (prisma/schema.prisma PoolReport) as raw SQL returns its columns:
 * snake_case, as stored. The raw queries that read reports type their rows by picking from it,
 * so a column's type is written once.
 */
export interface PoolReportColumns {
  application: string;
  instance: string;
  target: string | null;
  at: Date;
  pool_max: number;
  total: number;
  idle: number;
  waiting: number;
  queries: number;
  errors: number;
  refusals: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  guarded: boolean;
  allowance: number | null;
  received_at: Date;
}
