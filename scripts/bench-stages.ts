/**
 * The stage breakdown of `npm run bench`'s freshness trials: for each trial, the times (wall-clock
 * ms, one machine's clock) at which the sample that first showed the new connection passed each
 * stage of the live path, from the connection opened to the page showing it. Pure, for tests.
 */
import { SERVER_STAGES, type StageTimes } from '../lib/events/stages';

/** Every timed point of one trial, in path order. */
export const TRIAL_POINTS = ['opened', 'at', ...SERVER_STAGES, 'delivered', 'received', 'applied', 'shown'] as const;
export type TrialPoint = (typeof TRIAL_POINTS)[number];
export type TrialTimes = Partial<Record<TrialPoint, number>>;

/** What each step between two points is called in the table (named by the point it ends at). */
const STEP_LABELS: Record<Exclude<TrialPoint, 'opened'>, string> = {
  at: 'wait for the next tick',
  read: 'ping + sampling query',
  recorded: 'probe wait',
  stored: 'store insert',
  notified: 'commit + NOTIFY',
  sent: 'hub (snapshot for the event)',
  written: 'SSE write',
  delivered: 'to a Node client on the machine',
  received: 'to the page\'s event handler',
  applied: 'cache update',
  shown: 'render until shown',
};

export interface StepFigures {
  label: string;
  p50: number;
  p95: number;
  max: number;
  /** Trials in which both ends of the step were timed. */
  trials: number;
}

/** The q-quantile of `values` (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/**
 * The times of one trial: the bench's own points (`delivered`: when a Node client of the same
 * event stream got the sample, which tells the server's flush from the browser's delay) and the
 * sample's stages.
 */
export function trialTimes(
  bench: { opened: number; shown: number; delivered?: number },
  sample: { at: string; stages: StageTimes; received: number; applied: number } | undefined,
): TrialTimes {
  if (!sample) return { opened: bench.opened, shown: bench.shown };
  return { opened: bench.opened, at: Date.parse(sample.at), ...sample.stages, delivered: bench.delivered, received: sample.received, applied: sample.applied, shown: bench.shown };
}

/**
 * Per step (from each timed point to the next timed one), p50, p95 and max over the trials, then
 * the total from opened to shown. A step whose end was not timed in a trial is folded into the
 * next timed one for that trial rather than dropped, so the steps of a trial always add up.
 */
export function stageBreakdown(trials: readonly TrialTimes[]): StepFigures[] {
  const steps = new Map<string, number[]>();
  for (const label of Object.values(STEP_LABELS)) steps.set(label, []);
  for (const trial of trials) {
    let previous: number | undefined;
    for (const point of TRIAL_POINTS) {
      const time = trial[point];
      if (time === undefined) continue;
      if (previous !== undefined && point !== 'opened') steps.get(STEP_LABELS[point])!.push(time - previous);
      previous = time;
    }
  }
  const figures = (label: string, values: number[]): StepFigures => ({ label, p50: quantile(values, 0.5), p95: quantile(values, 0.95), max: values.length ? Math.max(...values) : Number.NaN, trials: values.length });
  const totals = trials.flatMap((trial) => (trial.opened !== undefined && trial.shown !== undefined ? [trial.shown - trial.opened] : []));
  return [...[...steps].filter(([, values]) => values.length > 0).map(([label, values]) => figures(label, values)), figures('total (opened → shown)', totals)];
}

/** One trial's steps as "label n ms, …", for the slowest trial's row. */
export function describeTrial(trial: TrialTimes): string {
  const parts: string[] = [];
  let previous: number | undefined;
  for (const point of TRIAL_POINTS) {
    const time = trial[point];
    if (time === undefined) continue;
    if (previous !== undefined && point !== 'opened') parts.push(`${STEP_LABELS[point]} ${Math.round(time - previous)}`);
    previous = time;
  }
  return parts.join(', ');
}
