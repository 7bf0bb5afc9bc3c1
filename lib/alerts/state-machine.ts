/**
 * The state of one alert (a rule applied to one series: a target, or an application's pool),
 * with Prometheus semantics: a condition true for less than `forMs` is *pending*; true for at
 * least `forMs`, *firing*; firing alerts resolve, then start over. Pure: the evaluation loop
 * calls `evaluate` with each new value and stores what it returns.
 *
 * Two dampers keep a value hovering at the threshold from firing and resolving on every sample
 * (burying the on-call engineer in pages), and each answers a different hover:
 * - hysteresis: a firing alert resolves only once the value is clearly back (below
 *   threshold − hysteresis); inside that band it keeps firing.
 * - keepFiringFor (Prometheus' keep_firing_for): a firing alert resolves only once its condition
 *   has been false for `keepFiringForMs` without a break, so a saturated server dipping under its
 *   limit for a few seconds at a time stays one episode. A critical rule can fire at once and
 *   still not flap.
 * With both, the value must be clear of the band when the false stretch has lasted long enough.
 */

export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';

export interface AlertTiming {
  threshold: number;
  /** 'above': the condition is value ≥ threshold (the default); 'below': value ≤ threshold. */
  direction?: 'above' | 'below';
  /** How long the condition must hold before firing; 0 fires on the first true evaluation. */
  forMs: number;
  /** Distance past the threshold, back towards normal, the value must reach to resolve. Default 0. */
  hysteresis?: number;
  /** Once firing, resolve only after the condition has been false this long. Default 0. */
  keepFiringForMs?: number;
}

export interface AlertStatus {
  state: AlertState;
  /** When the current state began (epoch ms). */
  since: number;
  /** When the condition last became true: Prometheus' activeAt. Null while inactive. */
  activeAt: number | null;
  /** While firing: since when the condition has been false (inside the band, or within keepFiringFor). */
  falseSince: number | null;
  /** The last value evaluated; null for no data. */
  value: number | null;
}

export function initialStatus(now: number): AlertStatus {
  return { state: 'inactive', since: now, activeAt: null, falseSince: null, value: null };
}

/** Whether `value` meets the rule's condition. No data never does. */
export function conditionHolds(timing: AlertTiming, value: number | null): boolean {
  if (value === null || Number.isNaN(value)) return false;
  return timing.direction === 'below' ? value <= timing.threshold : value >= timing.threshold;
}

/** Whether `value` is far enough back from the threshold for a firing alert to resolve. */
export function clearOfThreshold(timing: AlertTiming, value: number | null): boolean {
  if (value === null || Number.isNaN(value)) return true;
  const band = Math.max(0, timing.hysteresis ?? 0);
  return timing.direction === 'below' ? value > timing.threshold + band : value < timing.threshold - band;
}

/** The alert's next status after observing `value` at `now`. */
export function evaluate(timing: AlertTiming, previous: AlertStatus, value: number | null, now: number): AlertStatus {
  const holds = conditionHolds(timing, value);
  const enter = (state: AlertState, activeAt: number | null): AlertStatus => ({ state, since: now, activeAt, falseSince: null, value });

  switch (previous.state) {
    case 'inactive':
    case 'resolved':
      if (!holds) return previous.state === 'inactive' ? { ...previous, value } : enter('inactive', null);
      return timing.forMs <= 0 ? enter('firing', now) : enter('pending', now);

    case 'pending':
      // A pending alert has not bothered anyone yet: no hysteresis, it simply starts over.
      if (!holds) return enter('inactive', null);
      if (now - (previous.activeAt ?? now) >= timing.forMs) return enter('firing', previous.activeAt);
      return { ...previous, value };

    case 'firing': {
      if (holds) return { ...previous, falseSince: null, value };
      const falseSince = previous.falseSince ?? now;
      const keptLongEnough = now - falseSince >= Math.max(0, timing.keepFiringForMs ?? 0);
      if (keptLongEnough && clearOfThreshold(timing, value)) return enter('resolved', null);
      return { ...previous, falseSince, value };
    }
  }
}
