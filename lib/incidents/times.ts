import { badRequest } from '../http/errors';

/**
 * The recorded times must tell a possible story: nothing is detected or resolved before it
 * started. Checked on the final values of a change, whichever of them the change touched.
 */
export function assertTimesInOrder(times: { startedAt: Date; detectedAt: Date; resolvedAt: Date | null }): void {
  const started = times.startedAt.toISOString();
  if (times.detectedAt < times.startedAt) {
    throw badRequest(`detectedAt (${times.detectedAt.toISOString()}) must not be before startedAt (${started})`);
  }
  if (times.resolvedAt && times.resolvedAt < times.startedAt) {
    throw badRequest(`resolvedAt (${times.resolvedAt.toISOString()}) must not be before startedAt (${started})`);
  }
}
