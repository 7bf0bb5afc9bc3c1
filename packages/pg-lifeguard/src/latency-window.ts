/** Figures of one report window: what a PoolReportPayload carries about queries. */
export interface WindowFigures {
  queries: number;
  errors: number;
  /** Of the errors, those where the server refused a connection. */
  refusals: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/**
 * Query count, error count and latency percentiles of one report window, in bounded memory:
 * latencies are kept in a uniform reservoir sample (Vitter's algorithm R), so a pool doing
 * 50,000 queries a window costs the same few kilobytes as one doing 50, and percentiles stay
 * unbiased estimates. Below `capacity` queries they are exact.
 */
export class LatencyWindow {
  private samples: number[] = [];
  private queries = 0;
  private errors = 0;
  private refusals = 0;

  constructor(
    private readonly capacity = 1024,
    private readonly random: () => number = Math.random,
  ) {}

  /** A refused query (see isRefusal) is a failed one too. */
  record(latencyMs: number, failed: boolean, refused = false): void {
    this.queries += 1;
    if (failed || refused) this.errors += 1;
    if (refused) this.refusals += 1;
    if (this.samples.length < this.capacity) {
      this.samples.push(latencyMs);
      return;
    }
    // Keep the new value with probability capacity / seen, replacing a random kept one.
    const slot = Math.floor(this.random() * this.queries);
    if (slot < this.capacity) this.samples[slot] = latencyMs;
  }

  /** The window's figures; the window starts afresh. */
  take(): WindowFigures {
    const sorted = this.samples.sort((a, b) => a - b);
    const figures = {
      queries: this.queries,
      errors: this.errors,
      refusals: this.refusals,
      p50Ms: percentile(sorted, 0.5),
      p95Ms: percentile(sorted, 0.95),
      p99Ms: percentile(sorted, 0.99),
    };
    this.samples = [];
    this.queries = 0;
    this.errors = 0;
    this.refusals = 0;
    return figures;
  }
}

/** Nearest-rank percentile of sorted values, rounded to microseconds; null for none. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return Math.round((sorted[rank - 1] ?? 0) * 1000) / 1000;
}

/** SQLSTATEs of a server refusing a connection: too many clients, a role's or database's limit, not accepting yet. */
const REFUSAL_CODES = new Set(['53300', '53400', '57P03']);

/** Whether node-postgres rejected a query because the server refused the connection (its errors carry the SQLSTATE as `code`). */
export function isRefusal(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && REFUSAL_CODES.has(code);
}
