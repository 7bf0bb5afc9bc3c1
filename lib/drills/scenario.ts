import type { Fleet, FleetStats, Load } from './fleet';

/**
 * The outage as a repeating cycle: calm → surge → recovery → calm …
 *
 * - calm: modest traffic, fast queries; each pool needs a connection or two.
 * - surge: the request rate climbs steeply over `rampMs` and queries slow down (as they do when a
 *   database is overloaded), so every pool grows toward its too-large `max` until the server
 *   refuses new connections.
 * - recovery: traffic is back to calm, but the pools' idle connections linger until
 *   idleTimeoutMillis; the phase lasts long enough for them to time out.
 */
export type Phase = 'calm' | 'surge' | 'recovery';

export interface ScenarioPart {
  fleet: Fleet;
  calm: Load;
  /** The load at the top of the surge; omitted for fleets that keep their calm load (bystanders). */
  surge?: Load;
}

export interface ScenarioOptions {
  parts: ScenarioPart[];
  calmMs: number;
  surgeMs: number;
  recoveryMs: number;
  /** How long the surge takes to reach full load. Default a quarter of surgeMs. */
  rampMs?: number;
  onPhase?: (phase: Phase, cycle: number) => void;
}

export interface Scenario {
  phase(): Phase;
  cycle(): number;
  stop(): void;
}

const STEP_MS = 1000;

export function runScenario(options: ScenarioOptions): Scenario {
  const rampMs = options.rampMs ?? options.surgeMs / 4;
  const durations: Record<Phase, number> = { calm: options.calmMs, surge: options.surgeMs, recovery: options.recoveryMs };
  const next: Record<Phase, Phase> = { calm: 'surge', surge: 'recovery', recovery: 'calm' };
  let phase: Phase = 'calm';
  let cycle = 1;
  let phaseStarted = Date.now();

  const apply = () => {
    const elapsed = Date.now() - phaseStarted;
    const progress = phase === 'surge' ? Math.min(1, elapsed / Math.max(1, rampMs)) : 0;
    for (const part of options.parts) part.fleet.setLoad(part.surge ? blend(part.calm, part.surge, progress) : part.calm);
  };

  const enter = (to: Phase) => {
    if (to === 'calm' && phase === 'recovery') cycle += 1;
    phase = to;
    phaseStarted = Date.now();
    apply();
    options.onPhase?.(phase, cycle);
  };

  enter('calm');
  const timer = setInterval(() => {
    if (Date.now() - phaseStarted >= durations[phase]) enter(next[phase]);
    else if (phase === 'surge') apply();
  }, Math.min(STEP_MS, options.calmMs, options.surgeMs, options.recoveryMs));

  return {
    phase: () => phase,
    cycle: () => cycle,
    stop: () => clearInterval(timer),
  };
}

/** Linear interpolation between two loads; progress 0 is `from`, 1 is `to`. */
export function blend(from: Load, to: Load, progress: number): Load {
  const mix = (a: number, b: number) => a + (b - a) * progress;
  return {
    ratePerInstance: mix(from.ratePerInstance, to.ratePerInstance),
    queryMs: [mix(from.queryMs[0], to.queryMs[0]), mix(from.queryMs[1], to.queryMs[1])],
  };
}

/** Requests/s, errors/s and pool figures between two samples of the same fleets, for a status line. */
export interface FleetRates {
  app: string;
  requestsPerSec: number;
  okPerSec: number;
  errorsPerSec: number;
  tooManyClientsPerSec: number;
  meanLatencyMs: number | null;
  poolTotal: number;
  poolWaiting: number;
}

export function rates(previous: FleetStats, current: FleetStats): FleetRates {
  const seconds = Math.max(0.001, (current.at - previous.at) / 1000);
  const ok = current.ok - previous.ok;
  return {
    app: current.app,
    requestsPerSec: (current.started + current.shed - previous.started - previous.shed) / seconds,
    okPerSec: ok / seconds,
    errorsPerSec: (current.errors - previous.errors) / seconds,
    tooManyClientsPerSec: (current.tooManyClients - previous.tooManyClients) / seconds,
    meanLatencyMs: ok > 0 ? (current.latencyMsSum - previous.latencyMsSum) / ok : null,
    poolTotal: current.poolTotal,
    poolWaiting: current.poolWaiting,
  };
}

export function formatStatus(phase: Phase, cycle: number, fleetRates: FleetRates[]): string {
  const r = (value: number) => value.toFixed(0).padStart(4);
  const parts = fleetRates.map(
    (f) =>
      `${f.app}: ${r(f.requestsPerSec)} req/s ${r(f.errorsPerSec)} err/s (${r(f.tooManyClientsPerSec).trim()} too-many-clients) ` +
      `pools ${String(f.poolTotal).padStart(3)} conns ${String(f.poolWaiting).padStart(3)} waiting` +
      (f.meanLatencyMs === null ? '' : ` ${f.meanLatencyMs.toFixed(0)} ms`),
  );
  return `[${phase.padEnd(8)} #${cycle}] ${parts.join(' | ')}`;
}
