import { z } from 'zod';

/**
 * What a drill runs: one schema shared by the form on the target page and the route handler.
 * Every bound is there so that a drill stays a drill — a flood that ends by itself — and cannot
 * become an open-ended attack on a database: at most 20 × 200 pooled connections, 200 requests/s
 * per instance, ten minutes.
 */
export const drillParamsSchema = z.strictObject({
  instances: z.number().int().min(1).max(20),
  poolMax: z.number().int().min(1).max(200),
  durationSeconds: z.number().int().min(10).max(600),
  /** Requests per second each instance starts at the top of the surge. */
  peakRatePerInstance: z.number().min(1).max(200).default(60),
  /** application_name of every drill connection, so they group (and can be found and killed) as one app. */
  applicationName: z
    .string()
    .trim()
    .min(1)
    .max(63)
    .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII')
    .default('lifeguard-drill'),
});

export type DrillParamsInput = z.input<typeof drillParamsSchema>;
export type DrillParams = z.output<typeof drillParamsSchema>;

export type DrillStatus = 'running' | 'finished' | 'failed' | 'cancelled';

/** One second of a drill, as the latency curve keeps it. Latencies are null in a second with no answer. */
export interface CurvePoint {
  /** Epoch milliseconds at the end of the second. */
  at: number;
  requestsPerSec: number;
  errorsPerSec: number;
  p50Ms: number | null;
  p95Ms: number | null;
  connections: number;
}

/** A drill as the API answers it. */
export interface DrillReportView {
  id: string;
  targetId: string;
  status: DrillStatus;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
  params: DrillParams;
  peakConnections: number | null;
  firstRefusalAt: string | null;
  latencyCurve: CurvePoint[];
  error: string | null;
}
