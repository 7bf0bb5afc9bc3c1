import type { Snapshot } from '@/lib/samples/types';

/**
 * The live path's browser stages of one pushed sample, next to the server's (the event's `stages`,
 * ms after `at`, in lib/events/stages.ts's SERVER_STAGES order). Times are this browser's
 * wall clock in ms.
 */
export interface LiveTraceEntry {
  targetId: string;
  at: string;
  stages: unknown;
  /** The event reached the page's handler. */
  received: number;
  /** The React Query cache holds the sample (snapshot, overview list, charts' live edge). */
  applied: number;
  /** The applications the sample saw, so a bench can tell which sample first showed one. */
  applications: string[];
}

declare global {
  // Set to [] by a bench or test (before the page loads) to collect the trace; absent for real users.
  var __lifeguardLiveTrace: LiveTraceEntry[] | undefined;
}

/** Records one pushed sample's browser stages, only where a bench or test asked for them. */
export function traceLiveSample(snapshot: Snapshot, stages: unknown, received: number, applied: number): void {
  const trace = globalThis.__lifeguardLiveTrace;
  if (!Array.isArray(trace)) return;
  trace.push({ targetId: snapshot.targetId, at: snapshot.at, stages, received, applied, applications: (snapshot.applications ?? []).map((holder) => holder.name) });
}
